using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Brick.Architecture.Tests.Graph;

/// <summary>
/// The types a type uses, read from its metadata and IL: base type, interfaces, attributes, generic constraints, fields,
/// properties, events, method signatures, and in method bodies the locals, caught exceptions and every type, method and
/// field an instruction names. Constructed types are taken apart (<c>List&lt;PathDevice&gt;</c> uses <c>List`1</c> and <c>PathDevice</c>).
/// </summary>
internal static class TypeUses
{
    public static IEnumerable<TypeReference> Of(TypeDefinition type)
    {
        var used = new List<TypeReference>();
        Add(used, type.BaseType);
        foreach (var implemented in type.Interfaces)
            Add(used, implemented.InterfaceType);
        AddAttributes(used, type);
        AddConstraints(used, type);

        foreach (var field in type.Fields)
        {
            Add(used, field.FieldType);
            AddAttributes(used, field);
        }

        foreach (var property in type.Properties)
        {
            Add(used, property.PropertyType);
            AddAttributes(used, property);
        }

        foreach (var @event in type.Events)
            Add(used, @event.EventType);

        foreach (var method in type.Methods)
            AddMethod(used, method);

        return used.SelectMany(Named);
    }

    /// <summary>The namespace of a type, nested types taking the one of the type they are declared in.</summary>
    public static string NamespaceOf(TypeReference type) => Outermost(type).Namespace;

    public static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    private static void AddMethod(List<TypeReference> used, MethodDefinition method)
    {
        AddSignature(used, method);
        AddAttributes(used, method);
        AddConstraints(used, method);
        if (!method.HasBody)
            return;

        foreach (var variable in method.Body.Variables)
            Add(used, variable.VariableType);
        foreach (var handler in method.Body.ExceptionHandlers)
            Add(used, handler.CatchType);
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference operand:
                    Add(used, operand);
                    break;
                case MethodReference called:
                    Add(used, called.DeclaringType);
                    AddSignature(used, called);
                    if (called is GenericInstanceMethod generic)
                        used.AddRange(generic.GenericArguments);
                    break;
                case FieldReference field:
                    Add(used, field.DeclaringType);
                    Add(used, field.FieldType);
                    break;
                case CallSite site:
                    Add(used, site.ReturnType);
                    used.AddRange(site.Parameters.Select(p => p.ParameterType));
                    break;
            }
        }
    }

    private static void AddSignature(List<TypeReference> used, MethodReference method)
    {
        Add(used, method.ReturnType);
        used.AddRange(method.Parameters.Select(p => p.ParameterType));
    }

    private static void AddConstraints(List<TypeReference> used, IGenericParameterProvider provider)
    {
        foreach (var parameter in provider.GenericParameters)
            used.AddRange(parameter.Constraints.Select(c => c.ConstraintType));
    }

    private static void AddAttributes(List<TypeReference> used, ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Add(used, attribute.AttributeType);
            used.AddRange(attribute.ConstructorArguments.Select(a => a.Value).OfType<TypeReference>());
        }
    }

    private static void Add(List<TypeReference> used, TypeReference? type)
    {
        if (type is not null)
            used.Add(type);
    }

    /// <summary>The named types inside a constructed one: element types, generic arguments, modifiers, pointer signatures.</summary>
    private static IEnumerable<TypeReference> Named(TypeReference type) => type switch
    {
        GenericInstanceType generic => Named(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Named)),
        FunctionPointerType pointer => Named(pointer.ReturnType).Concat(pointer.Parameters.SelectMany(p => Named(p.ParameterType))),
        OptionalModifierType modified => Named(modified.ElementType).Concat(Named(modified.ModifierType)),
        RequiredModifierType modified => Named(modified.ElementType).Concat(Named(modified.ModifierType)),
        TypeSpecification specification => Named(specification.ElementType),
        GenericParameter => [],
        _ => [type],
    };
}
