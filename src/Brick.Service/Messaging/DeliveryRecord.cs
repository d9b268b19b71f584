namespace Brick.Service.Messaging;

/// <summary>What the record of a message says when a delivery of it starts.</summary>
/// <param name="Crashes">How many earlier attempts died with their process or ended in a refused move.</param>
/// <param name="Answered">The reason of the failure an earlier attempt published, whose move to the error queue was refused since; null where none was.</param>
internal readonly record struct DeliveryRecord(int Crashes, string? Answered);
