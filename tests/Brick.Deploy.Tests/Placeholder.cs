namespace Brick.Deploy.Tests;

public sealed class Placeholder
{
    [Fact]
    public void Builds() => Assert.True(Support.Repository.Root.Length > 0);
}
