using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Engine.Requests;

namespace Brick.Contracts.Tests.Docs;

/// <summary>
/// Every JSON example of <c>docs/wire-contract.md</c> is read as the contract's records read it, and every request
/// example goes through the worker's own validator, for a worker whose host is <c>compute-07</c>.
/// </summary>
public sealed class WireContractExamplesTests
{
    private const string WorkerHost = "compute-07";

    private static readonly RepositoryDocument Doc = RepositoryDocument.Read("docs/wire-contract.md");

    private static readonly RequestValidator Validator = new(WorkerHost);

    public static TheoryData<string> Tags => [.. Doc.Examples().Select(e => e.Tag)];

    [Fact]
    public void Every_json_block_is_a_tagged_example() =>
        Assert.Equal(Doc.JsonBlockCount, Doc.Examples().Count);

    [Fact]
    public void Every_example_has_its_own_tag() =>
        Assert.Empty(Doc.Examples().GroupBy(e => e.Tag).Where(g => g.Count() > 1).Select(g => g.Key));

    [Fact]
    public void There_is_an_example_of_every_message_and_of_the_envelope()
    {
        var kinds = Doc.Examples().Select(e => e.Kind).ToHashSet();

        Assert.Superset(kinds, new HashSet<string>
        {
            nameof(VolumeExtended), nameof(HostVolumeResized), nameof(HostVolumeResizeFailed), nameof(GuestDiskResized),
            nameof(GuestDiskResizeFailed), "envelope",
        });
    }

    [Fact]
    public void The_valid_requests_show_every_driver_type_the_engine_supports()
    {
        var shown = Doc.Examples()
            .Where(e => e.Kind == nameof(VolumeExtended) && e.Words[1] != "rejected")
            .Select(e => Validator.Validate(JsonDocument.Parse(e.Json).RootElement).Request?.Target.GetType())
            .OfType<Type>()
            .Distinct()
            .OrderBy(t => t.Name, StringComparer.Ordinal);

        Assert.Equal(EngineFacts.TargetTypes, shown);
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void The_example_reads_as_the_contract_says(string tag)
    {
        var example = Doc.Examples().Single(e => e.Tag == tag);
        switch (example.Kind)
        {
            case nameof(VolumeExtended) when example.Words[1] == "rejected":
                AssertRejected(example.Json, Enum.Parse<ResizeFailureReason>(example.Words[2].TrimEnd(':')),
                    example.Words is [_, _, _, "on", var field, ..] ? field.TrimEnd(':') : null);
                break;
            case nameof(VolumeExtended):
                AssertValidRequest(example.Json);
                break;
            case nameof(HostVolumeResized):
                ReadFieldForField<HostVolumeResized>(example.Json, complete: true);
                break;
            case nameof(HostVolumeResizeFailed):
                AssertFailure(example.Json, Enum.Parse<ResizeFailureReason>(example.Words[1]));
                break;
            case nameof(GuestDiskResized):
                ReadFieldForField<GuestDiskResized>(example.Json, complete: true);
                break;
            case nameof(GuestDiskResizeFailed):
                AssertGuestFailure(example.Json, Enum.Parse<GuestResizeFailureReason>(example.Words[1]));
                break;
            case "envelope":
                AssertEnvelope(example.Json, example.Words[1]);
                break;
            default:
                Assert.Fail($"'{tag}': an example is of VolumeExtended, HostVolumeResized, HostVolumeResizeFailed, GuestDiskResized, GuestDiskResizeFailed or envelope.");
                break;
        }
    }

    private static void AssertValidRequest(string json)
    {
        ReadFieldForField<VolumeExtended>(json);
        var validation = Validator.Validate(JsonDocument.Parse(json).RootElement);
        Assert.True(validation.IsValid, $"The validator refuses it: {validation.Reason}: {validation.Detail}");
    }

    /// <summary>Refused for <paramref name="reason"/>, and where the tag says <c>on FIELD</c>, because of that field.</summary>
    private static void AssertRejected(string json, ResizeFailureReason reason, string? field)
    {
        var validation = Validator.Validate(JsonDocument.Parse(json).RootElement);
        Assert.False(validation.IsValid, "The validator accepts it.");
        Assert.Equal(reason, validation.Reason);
        if (field is not null)
            Assert.Contains(field, validation.Detail, StringComparison.Ordinal);
    }

    private static void AssertFailure(string json, ResizeFailureReason reason)
    {
        var failure = ReadFieldForField<HostVolumeResizeFailed>(json, complete: true);
        Assert.Equal(reason, failure.Reason);
        var documented = WireContractTablesTests.Reasons.Row(reason.ToString())[2];
        if (documented is "yes" or "no")
            Assert.Equal(documented == "yes", failure.Retriable);
    }

    private static void AssertGuestFailure(string json, GuestResizeFailureReason reason)
    {
        var failure = ReadFieldForField<GuestDiskResizeFailed>(json, complete: true);
        Assert.Equal(reason, failure.Reason);
        Assert.Equal(WireContractTablesTests.GuestReasons.Row(reason.ToString())[2] == "yes", failure.Retriable);
    }

    private static void AssertEnvelope(string json, string messageType)
    {
        var envelope = JsonNode.Parse(json)!.AsObject();
        var type = typeof(VolumeExtended).Assembly.GetType($"{typeof(VolumeExtended).Namespace}.{messageType}")
            ?? throw new InvalidOperationException($"There is no contract message {messageType}.");
        var urns = envelope["messageType"]!.AsArray().Select(u => u!.GetValue<string>());
        Assert.Contains($"urn:message:{type.Namespace}:{type.Name}", urns);

        var message = envelope["message"]!.ToJsonString();
        if (type == typeof(VolumeExtended))
            AssertValidRequest(message);
        else
            ReadFieldForField(message, type, complete: true);
    }

    private static T ReadFieldForField<T>(string json, bool complete = false) => (T)ReadFieldForField(json, typeof(T), complete);

    /// <summary>
    /// Reads <paramref name="json"/> as <paramref name="type"/> and writes it back: every field of the example must come
    /// back with the same value, so a misspelt or unknown field, or a value the record would change, fails. An outcome
    /// example is <paramref name="complete"/>: the worker writes every field, nulls included, and so must the example.
    /// </summary>
    private static object ReadFieldForField(string json, Type type, bool complete)
    {
        var message = JsonSerializer.Deserialize(json, type, ContractJson.Options)
            ?? throw new InvalidOperationException($"The example reads as null {type.Name}.");
        var written = JsonSerializer.SerializeToNode(message, type, ContractJson.Options)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(json)!.AsObject())
        {
            Assert.True(written.TryGetPropertyValue(name, out var back), $"'{name}' is not a field of {type.Name}.");
            Assert.True(JsonNode.DeepEquals(value, back), $"'{name}' is {value?.ToJsonString()} in the example but {back?.ToJsonString()} once read.");
        }

        if (complete)
            Assert.Equal(written.Select(p => p.Key).Order(StringComparer.Ordinal), JsonNode.Parse(json)!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        return message;
    }
}
