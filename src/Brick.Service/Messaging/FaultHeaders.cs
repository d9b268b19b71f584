using Brick.Service.Settings;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// The headers MassTransit adds to a message it moves to an error queue (<c>MT-Fault-Message</c>,
/// <c>MT-Fault-StackTrace</c>, …), kept as they are but without credentials (<see cref="Secrets"/>). Every error pipe
/// that moves a message (<c>run</c>'s and <c>blockresize</c>'s) scrubs them with this, just before the move.
/// </summary>
internal static class FaultHeaders
{
    /// <summary>Replaces each text header of <paramref name="headers"/> that holds a credential by its scrubbed text.</summary>
    public static void Scrub(SendHeaders headers)
    {
        foreach (var (key, value) in headers.GetAll().ToList())
        {
            if (value is string text && Secrets.Scrub(text) is var scrubbed && !ReferenceEquals(scrubbed, text) && scrubbed != text)
                headers.Set(key, scrubbed);
        }
    }
}
