using System.Globalization;
using System.Numerics;
using Brick.Service.Tests.Hostile.Generated;

namespace Brick.Virt.Tests.Hostile.Generated;

/// <summary>
/// What docs/wire-contract.md ("GuestDiskResizeFailed", the paragraph on <c>InvalidOutcome</c>) says blockresize must
/// make of a generated outcome, judged on the generator's own model, not by blockresize's code: no parser and no rule
/// of the worker, only the contract's rules written out as plain character checks. An outcome is valid or it is
/// <c>InvalidOutcome</c> (the one reason blockresize gives a delivery it cannot use).
/// </summary>
internal static class OutcomeOracle
{
    public const string Host = "compute-07";
    public const int MaxBytes = 64 * 1024;
    public const int MaxDepth = 32;
    public const string InvalidOutcome = "InvalidOutcome";
    private static readonly BigInteger MaxSize = BigInteger.One << 60;

    /// <summary>True when the contract says the outcome is valid; false: <c>InvalidOutcome</c>.</summary>
    public static bool IsValid(Json model, string? contentType, int length, DateTimeOffset now)
    {
        if (length > MaxBytes || ContractOracle.Depth(model) > MaxDepth || HasDuplicateKey(model) || HasUnpairedSurrogate(model) || model is not JObject root)
            return false;
        var media = ContractOracle.MediaType(contentType);
        JObject outcome;
        if (media is "" or ContractOracle.Raw)
            outcome = root;
        else if (media == ContractOracle.Envelope && root["message"] is JObject message)
            outcome = message;
        else
            return false;
        return Outcome(outcome, now);
    }

    private static bool Outcome(JObject o, DateTimeOffset now) =>
        RequiredString(o["volumeId"], t => IsIdentifier(t) && !IsNil(t))
        && RequiredString(o["host"], t => t == Host)
        && OptionalString(o["attachmentId"], t => IsIdentifier(t) && !IsNil(t))
        && Long(o["requestedSizeBytes"]) is { } requested && requested >= 1 && requested <= MaxSize
        && Long(o["newSizeBytes"]) is { } size && size >= 512 && size <= MaxSize && size % 512 == 0
        && RequiredString(o["devicePath"], IsDevicePath)
        && OptionalString(o["multipathDevice"], IsKernelName)
        && Paths(o["paths"])
        // A correlationId is the sender's choice (a nil GUID too): only what could forge a log line is refused.
        && OptionalString(o["correlationId"], t => t.Length is >= 1 and <= 128 && t.All(c => c is > ' ' and <= '~'))
        && RequiredString(o["completedAt"], t => IsCompletedAt(t, now))
        && (o["elapsedMs"] is null || Long(o["elapsedMs"]) is { } elapsed && elapsed >= 0 && elapsed <= 7L * 24 * 3600 * 1000);

    private static bool Paths(Json? value) => value switch
    {
        null => true,
        JLiteral { Literal: "null" } => true,
        JArray a => a.Items.Count <= 64 && a.Items.All(p => p is JObject path
            && RequiredString(path["device"], IsKernelName)
            && (path["sizeBytes"] is null or JLiteral { Literal: "null" } || Long(path["sizeBytes"]) is { } s && s >= 0 && s <= MaxSize)),
        _ => false,
    };

    private static bool RequiredString(Json? value, Func<string, bool> rule) => value is JString s && rule(s.Value);

    private static bool OptionalString(Json? value, Func<string, bool> rule) => value is null or JLiteral { Literal: "null" } || RequiredString(value, rule);

    /// <summary>A JSON integer literal within a 64-bit signed integer, as its value; null for anything else.</summary>
    private static BigInteger? Long(Json? value)
    {
        if (value is not JNumber { Literal: var literal } || literal.Any(c => c is '.' or 'e' or 'E'))
            return null;
        var n = BigInteger.Parse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return n >= long.MinValue && n <= long.MaxValue ? n : null;
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

    private static bool IsIdentifier(string text) =>
        text is { Length: >= 1 and <= 64 } and not ("." or "..") && text.All(c => IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsNil(string text) => text.Contains('0') && text.All(c => c is '0' or '-' or '.' or '_' or ':');

    private static bool IsKernelName(string text) =>
        text is { Length: >= 1 and <= 64 } and not ("." or "..") && text.All(c => IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsDevicePath(string text)
    {
        if (!text.StartsWith("/dev/", StringComparison.Ordinal))
            return false;
        var parts = text[5..].Split('/');
        return parts.Length is >= 1 and <= 8
            && parts.All(p => p.Length is >= 1 and <= 255 && p is not ("." or "..")
                && p.All(c => IsAsciiLetterOrDigit(c) || c is '_' or '+' or ':' or '.' or '-'));
    }

    /// <summary>
    /// An ISO 8601 date and time with seconds and an offset (<c>Z</c> or <c>±hh:mm</c>, as run writes it and the
    /// contract's examples show), from 2000-01-01 to a day ahead of blockresize's clock.
    /// </summary>
    private static bool IsCompletedAt(string text, DateTimeOffset now) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
        && text.Length >= 20 && (text.EndsWith('Z') || text[^6] is '+' or '-')
        && at >= new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) && at.UtcTicks - now.UtcTicks <= TimeSpan.TicksPerDay;

    private static bool HasDuplicateKey(Json value) => value switch
    {
        JObject o => o.Members.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count() != o.Members.Count || o.Members.Any(m => HasDuplicateKey(m.Value)),
        JArray a => a.Items.Any(HasDuplicateKey),
        _ => false,
    };

    private static bool HasUnpairedSurrogate(Json value) => value switch
    {
        JObject o => o.Members.Any(m => Unpaired(m.Key) || HasUnpairedSurrogate(m.Value)),
        JArray a => a.Items.Any(HasUnpairedSurrogate),
        JString s => Unpaired(s.Value),
        _ => false,
    };

    private static bool Unpaired(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }

        return false;
    }
}
