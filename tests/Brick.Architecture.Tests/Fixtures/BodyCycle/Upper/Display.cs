using Brick.Architecture.Tests.Fixtures.BodyCycle.Lower;

namespace Brick.Architecture.Tests.Fixtures.BodyCycle.Upper;

/// <summary>Names <see cref="Gauge"/> in a signature, closing a cycle that <see cref="Gauge.Read"/> opens in its body.</summary>
internal sealed class Display
{
    public int Width => 80;

    public Gauge? Source { get; init; }
}
