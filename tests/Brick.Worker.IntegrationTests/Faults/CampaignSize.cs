using System.Globalization;

namespace Brick.Worker.IntegrationTests.Faults;

/// <summary>
/// How big a fault campaign is: <see cref="Volumes"/> loop volumes, each sent <see cref="EventsPerVolume"/> events that
/// grow it step by step. CI's size is 2,000 events over 200 volumes; <c>BRICK_FAULT_CAMPAIGN_SCALE=N</c> multiplies the
/// volumes (and so the events) by N, e.g. 10 for 20,000 events over 2,000 volumes (docs/reliability.md).
/// </summary>
public sealed record CampaignSize(int Volumes, int EventsPerVolume)
{
    /// <summary>The environment variable that scales every campaign.</summary>
    public const string ScaleVariable = "BRICK_FAULT_CAMPAIGN_SCALE";

    /// <summary>CI's size, scaled by <see cref="ScaleVariable"/> when it is set.</summary>
    public static CampaignSize Current
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(ScaleVariable);
            if (string.IsNullOrEmpty(text))
                return new CampaignSize(200, 10);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var scale) || scale is < 1 or > 100)
                throw new InvalidOperationException($"{ScaleVariable} must be a whole number from 1 to 100, not '{text}'");
            return new CampaignSize(200 * scale, 10);
        }
    }

    /// <summary>
    /// A smaller CI size for a campaign whose setting-up and faults alone take minutes (the cluster's): <paramref name="volumes"/>
    /// volumes of <see cref="Current"/>'s rounds where <see cref="ScaleVariable"/> is not set, else <see cref="Current"/>.
    /// </summary>
    public static CampaignSize CurrentOr(int volumes) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ScaleVariable)) ? Current with { Volumes = volumes } : Current;

    /// <summary>Every event of the campaign.</summary>
    public int Events => Volumes * EventsPerVolume;

    /// <summary>How much a volume grows with each event.</summary>
    public const long Step = 64L << 20;

    /// <summary>The size event <paramref name="round"/> of a volume asks for (round 0 is the first).</summary>
    public static long SizeAt(long initialBytes, int round) => initialBytes + (round + 1) * Step;
}
