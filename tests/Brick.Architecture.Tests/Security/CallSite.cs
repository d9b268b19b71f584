using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Brick.Architecture.Tests.Security;

/// <summary>
/// One call (or <c>newobj</c>) in the IL of the project's assemblies, named for the method a person wrote: a lambda,
/// local function, iterator or async state machine counts as the method it is written in
/// (<c>Brick.Engine.Kernel.Sysfs.RescanScsiDisk</c>).
/// </summary>
internal sealed record CallSite(string Method, MethodDefinition Body, Instruction Instruction, MethodReference Callee)
{
    /// <summary>The callee's declaring type, full name (generic arguments left out).</summary>
    public string CalleeType => Callee.DeclaringType.GetElementType().FullName;

    /// <summary>Every call site in <paramref name="assemblies"/>.</summary>
    public static IEnumerable<CallSite> In(IEnumerable<AssemblyDefinition> assemblies) =>
        from assembly in assemblies
        from type in assembly.MainModule.GetTypes()
        from method in type.Methods
        where method.HasBody
        from instruction in method.Body.Instructions
        where instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn
        select new CallSite(WrittenIn(method), method, instruction, (MethodReference)instruction.Operand);

    /// <summary>The instruction that pushed argument <paramref name="index"/> (0 = first, <c>this</c> not counted) of this call, or null where the IL does not say plainly.</summary>
    public Instruction? Argument(int index)
    {
        var count = Callee.Parameters.Count;
        return StackWalk.Producer(Body, Instruction, count - 1 - index);
    }

    /// <summary>
    /// As <see cref="Argument"/>, but where the compiler spilled the value into a field of an async state machine
    /// (<c>&lt;&gt;s__N</c>, stored once in the same method but for the <c>null</c> that clears it after use: an await
    /// or a spread between the arguments), the instruction that pushed the value stored there.
    /// </summary>
    public Instruction? ArgumentSource(int index)
    {
        var producer = Argument(index);
        if (producer is not { OpCode.Code: Code.Ldfld, Operand: FieldReference field } || !field.Name.StartsWith("<>s__", StringComparison.Ordinal))
            return producer;
        var stored = Body.Body.Instructions
            .Where(i => i.OpCode.Code == Code.Stfld && i.Operand is FieldReference to && to.Name == field.Name && to.DeclaringType.FullName == field.DeclaringType.FullName)
            .Select(store => StackWalk.Producer(Body, store, 0))
            .Where(value => value is not { OpCode.Code: Code.Ldnull })
            .ToList();
        return stored.Count == 1 ? stored[0] : null;
    }

    public override string ToString() => $"{Method} calls {CalleeType}::{Callee.Name}";

    /// <summary>The method a person wrote, for compiler-generated ones (<c>&lt;Name&gt;b__0_1</c>, <c>&lt;Name&gt;d__3</c>, <c>&lt;Outer&gt;g__Local|0_0</c>).</summary>
    private static string WrittenIn(MethodDefinition method)
    {
        var type = method.DeclaringType;
        var name = method.Name;
        while (true)
        {
            if (GeneratedFrom(name) is { } inner)
                name = inner;
            if (type.DeclaringType is null || !type.Name.StartsWith('<'))
                break;
            // A state machine <Name>d__N or a closure class <>c__DisplayClass…: the method is the type's or the lambda's.
            if (GeneratedFrom(type.Name) is { } owner)
                name = owner;
            type = type.DeclaringType;
        }

        return $"{type.FullName.Replace('/', '.')}.{name}";
    }

    private static string? GeneratedFrom(string name)
    {
        if (!name.StartsWith('<'))
            return null;
        var end = name.IndexOf('>', StringComparison.Ordinal);
        return end > 1 ? name[1..end] : null;
    }
}
