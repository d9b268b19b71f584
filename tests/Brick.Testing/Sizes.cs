namespace Brick.Testing;

/// <summary>Sizes as the tests write them (<c>using static Brick.Testing.Sizes;</c>, then <c>20 * GiB</c>).</summary>
public static class Sizes
{
    /// <summary>One gibibyte, 2^30 bytes.</summary>
    public const long GiB = 1L << 30;
}
