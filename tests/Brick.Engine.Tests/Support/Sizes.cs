namespace Brick.Engine.Tests.Support;

internal static class Sizes
{
    public const long GiB = 1L << 30;
}
