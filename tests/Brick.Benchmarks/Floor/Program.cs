// brick-floor BROKER-URI QUEUE: connects (one connection, heartbeat 20 s as brick-worker's default), declares QUEUE
// (quorum, as run's), consumes from it (acknowledging whatever arrives) and idles until SIGTERM or SIGINT.
using System.Runtime.InteropServices;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Brick.Benchmarks.Floor BROKER-URI QUEUE");
    return 2;
}

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

var factory = new ConnectionFactory
{
    Uri = new Uri(args[0]),
    ClientProvidedName = $"brick-floor {args[1]}",
    RequestedHeartbeat = TimeSpan.FromSeconds(20),
};
await using var connection = await factory.CreateConnectionAsync(stop.Token);
await using var channel = await connection.CreateChannelAsync(cancellationToken: stop.Token);
await channel.QueueDeclareAsync(args[1], durable: true, exclusive: false, autoDelete: false,
    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: stop.Token);
var consumer = new AsyncEventingBasicConsumer(channel);
consumer.ReceivedAsync += (_, delivery) => channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).AsTask();
await channel.BasicConsumeAsync(args[1], autoAck: false, consumer, stop.Token);
Console.WriteLine("consuming");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
