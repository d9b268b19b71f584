using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Brick.Architecture.Tests.Security;

/// <summary>
/// Finds which instruction pushed a value a call takes, walking the IL backwards and counting what each instruction
/// pops and pushes. It gives up (null) where that is not plain: a branch lands in between, or an instruction pushes
/// two values. Code that an enforcing test cannot read plainly fails that test; keep such arguments simple.
/// </summary>
internal static class StackWalk
{
    /// <summary>The instruction that pushed the value <paramref name="depth"/> below the top of the stack when <paramref name="at"/> runs.</summary>
    public static Instruction? Producer(MethodDefinition method, Instruction at, int depth)
    {
        var targets = BranchTargets(method);
        for (var i = at.Previous; i is not null; i = i.Previous)
        {
            var (pops, pushes) = Effect(i);
            if (depth < pushes)
                return pushes == 1 ? i : null;
            if (targets.Contains(i) || i.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw)
                return null;
            depth = depth - pushes + pops;
        }

        return null;
    }

    private static HashSet<Instruction> BranchTargets(MethodDefinition method)
    {
        var targets = new HashSet<Instruction>();
        foreach (var instruction in method.Body.Instructions)
        {
            if (instruction.Operand is Instruction target)
                targets.Add(target);
            else if (instruction.Operand is Instruction[] many)
                targets.UnionWith(many);
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            targets.Add(handler.HandlerStart);
            if (handler.FilterStart is not null)
                targets.Add(handler.FilterStart);
        }

        return targets;
    }

    private static (int Pops, int Pushes) Effect(Instruction instruction)
    {
        var opcode = instruction.OpCode;
        int pops = opcode.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
                or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
                or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            StackBehaviour.Varpop => VariablePops(instruction),
            _ => 1000, // PopAll: nothing below is known
        };
        int pushes = opcode.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1_push1 => 2,
            StackBehaviour.Varpush => VariablePushes(instruction),
            _ => 1,
        };
        return (pops, pushes);
    }

    private static int VariablePops(Instruction instruction) => instruction.Operand switch
    {
        MethodReference method when instruction.OpCode.Code == Code.Newobj => method.Parameters.Count,
        MethodReference method => method.Parameters.Count + (method.HasThis && !method.ExplicitThis ? 1 : 0),
        Mono.Cecil.CallSite => 1000, // calli: not followed
        _ => instruction.OpCode.Code == Code.Ret ? 1 : 0,
    };

    private static int VariablePushes(Instruction instruction) => instruction.Operand switch
    {
        MethodReference when instruction.OpCode.Code == Code.Newobj => 1,
        MethodReference method => method.ReturnType.MetadataType == MetadataType.Void ? 0 : 1,
        _ => 1,
    };
}
