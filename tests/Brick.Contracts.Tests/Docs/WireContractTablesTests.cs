using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Brick.Contracts.Tests.Docs;

/// <summary>The tables of <c>docs/wire-contract.md</c> name exactly what the code has: reasons, fields, entities.</summary>
public sealed partial class WireContractTablesTests
{
    private static readonly RepositoryDocument Doc = RepositoryDocument.Read("docs/wire-contract.md");

    /// <summary>The contract's JSON settings, ready to describe a type (the shared instance may not be yet).</summary>
    private static readonly JsonSerializerOptions ContractOptions = new(ContractJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>The failure reasons table: reason, what happened, retriable, what to do.</summary>
    internal static MarkdownTable Reasons { get; } = Doc.Table("reasons");

    /// <summary>The records of the contract: every message and every object inside one.</summary>
    public static TheoryData<string> Records =>
    [
        .. typeof(VolumeExtended).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && !typeof(JsonConverter).IsAssignableFrom(t))
            .Select(t => t.Name),
    ];

    [Fact]
    public void Every_failure_reason_has_one_row() =>
        Assert.Equal(Enum.GetNames<ResizeFailureReason>().Order(StringComparer.Ordinal), Reasons.Keys.Order(StringComparer.Ordinal));

    /// <summary>The guest failure reasons table: reason, what happened, retriable, what blockresize does.</summary>
    internal static MarkdownTable GuestReasons { get; } = Doc.Table("guest reasons");

    [Fact]
    public void Every_guest_failure_reason_has_one_row() =>
        Assert.Equal(Enum.GetNames<GuestResizeFailureReason>().Order(StringComparer.Ordinal), GuestReasons.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_guest_retriable_column_says_what_blockresize_decides()
    {
        foreach (var reason in Enum.GetValues<GuestResizeFailureReason>())
        {
            var documented = GuestReasons.Row(reason.ToString())[2];
            Assert.True((documented == "yes") == Brick.Virt.Resizing.GuestDiskResizer.IsRetriable(reason),
                $"{reason} is documented retriable '{documented}', blockresize says {Brick.Virt.Resizing.GuestDiskResizer.IsRetriable(reason)}.");
        }
    }

    [Fact]
    public void The_retriable_column_says_what_the_engine_decides()
    {
        foreach (var reason in Enum.GetValues<ResizeFailureReason>())
        {
            var documented = Reasons.Row(reason.ToString())[2];
            if (documented.StartsWith("depends", StringComparison.Ordinal))
                continue;
            Assert.True(documented is "yes" or "no", $"{reason}: the retriable column says yes, no, or depends: '{documented}'.");
            Assert.True((documented == "yes") == EngineFacts.IsRetriable(reason), $"{reason} is documented retriable '{documented}', the engine says {EngineFacts.IsRetriable(reason)}.");
        }
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Every_field_of_the_record_has_one_row_and_every_row_is_a_field(string record)
    {
        var type = typeof(VolumeExtended).Assembly.GetType($"{typeof(VolumeExtended).Namespace}.{record}")!;
        var fields = ContractOptions.GetTypeInfo(type).Properties.Select(p => p.Name);

        Assert.Equal(fields.Order(StringComparer.Ordinal), Doc.Table($"fields {record}").Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_entity_name_of_the_code_is_documented()
    {
        var spans = Doc.CodeSpans().ToHashSet(StringComparer.Ordinal);
        foreach (var name in EntityNameValues())
            Assert.True(spans.Contains(name), $"`{name}` (EntityNames) is not in {Doc.RelativePath}.");
    }

    [Fact]
    public void Every_brick_entity_the_document_names_is_in_the_code()
    {
        var known = EntityNameValues().ToHashSet(StringComparer.Ordinal);
        var named = Doc.CodeSpans().Where(s => BrickEntity().IsMatch(s)).Distinct();

        Assert.All(named, name => Assert.True(known.Contains(name), $"`{name}` is documented but EntityNames has no such name."));
    }

    /// <summary>Every constant of <see cref="EntityNames"/>, and every per-host name for the host <c>&lt;host&gt;</c>.</summary>
    private static IEnumerable<string> EntityNameValues()
    {
        var members = typeof(EntityNames).GetMembers(BindingFlags.Public | BindingFlags.Static);
        foreach (var field in members.OfType<FieldInfo>().Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            yield return (string)field.GetRawConstantValue()!;
        foreach (var method in members.OfType<MethodInfo>().Where(m => m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(string)))
            yield return (string)method.Invoke(null, ["<host>"])!;
    }

    [GeneratedRegex(@"^brick(\.[a-z.-]+|-(worker|blockresize)\.<host>.*)$")]
    private static partial Regex BrickEntity();
}
