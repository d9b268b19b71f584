using Brick.Testing;
using Testcontainers.RabbitMq;

namespace Brick.Worker.IntegrationTests;

/// <summary>Removing a container works whatever became of its start, so that a cleanup path never throws instead of cleaning up.</summary>
public sealed class RabbitContainersTests
{
    [Fact]
    public async Task A_container_that_was_built_but_never_created_is_removed_without_an_error()
    {
        RabbitMqContainer container;
        try
        {
            container = RabbitContainers.Build();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Prerequisite.Missing($"Building a Testcontainers container asks the Docker endpoint: start Docker; CI (CI=true) runs this. Docker said: {e.GetBaseException().Message}");
            throw;
        }

        Assert.Null(RabbitContainers.IdOf(container));
        await RabbitContainers.RemoveAsync(container); // read Testcontainers' Id first, which throws for it
    }
}
