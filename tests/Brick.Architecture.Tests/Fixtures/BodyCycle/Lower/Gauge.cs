using Brick.Architecture.Tests.Fixtures.BodyCycle.Upper;

namespace Brick.Architecture.Tests.Fixtures.BodyCycle.Lower;

/// <summary>Uses <see cref="Display"/> only inside a method body: no signature of this namespace names it.</summary>
internal sealed class Gauge
{
    public int Read() => new Display().Width;
}
