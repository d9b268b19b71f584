using System.Text;
using Brick.Worker.Messaging;

namespace Brick.Worker.Tests.Messaging;

/// <summary>Reading a delivered body before trusting it: raw JSON, the MassTransit envelope, and what is refused.</summary>
public sealed class RequestBodyTests
{
    private static RequestBody Read(string body, string? contentType) => RequestBody.Read(Encoding.UTF8.GetBytes(body), contentType);

    [Fact]
    public void Raw_json_without_a_content_type_is_the_request_itself()
    {
        var body = Read("""{"volumeId":"v1"}""", null);
        Assert.Null(body.Problem);
        Assert.Equal("v1", body.Message!.Value.GetProperty("volumeId").GetString());
    }

    [Fact]
    public void An_envelope_gives_its_message_and_its_ids()
    {
        var body = Read("""{"messageId":"m-1","correlationId":"c-1","messageType":["urn:message:Brick.Contracts:VolumeExtended"],"message":{"volumeId":"v1"}}""",
            "application/vnd.masstransit+json; charset=utf-8");
        Assert.Equal("v1", body.Message!.Value.GetProperty("volumeId").GetString());
        Assert.Equal(("c-1", "m-1"), (body.CorrelationId, body.MessageId));
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("null", "application/json", "not a JSON object")]
    [InlineData("[1,2]", null, "not a JSON object")]
    [InlineData("""{"volumeId":"v1"}""", "text/plain", "text/plain is not accepted")]
    [InlineData("""{"message":42}""", "application/vnd.masstransit+json", "no message object")]
    public void Anything_else_is_named_and_has_no_request(string text, string? contentType, string problem)
    {
        var body = Read(text, contentType);
        Assert.Null(body.Message);
        Assert.Contains(problem, body.Problem, StringComparison.Ordinal);
    }
}
