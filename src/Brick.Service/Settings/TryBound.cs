namespace Brick.Service.Settings;

/// <summary>
/// The longest one try of a consumer's work on a delivery may take, as its settings bound it: the part of
/// <see cref="DeliveryBudget"/> that is the consumer's own.
/// </summary>
/// <param name="Of">The bound under these settings.</param>
/// <param name="Sum">The bound as the refusal spells it, with its settings' values (<c>2 × OperationTimeout 00:05:00 + …</c>).</param>
/// <param name="Inputs">The settings it reads: where one of them is bad itself, the budget is not judged.</param>
internal sealed record TryBound(Func<WorkerSettings, TimeSpan> Of, Func<WorkerSettings, string> Sum, IReadOnlyList<string> Inputs);
