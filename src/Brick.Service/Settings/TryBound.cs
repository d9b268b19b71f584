using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// The longest one try of a consumer's work on a delivery may take, as its settings bound it: the part of
/// <see cref="DeliveryBudget"/> that is the consumer's own, read from the settings of the consumer's own concerns.
/// </summary>
/// <param name="Of">The bound under the settings of a configuration.</param>
/// <param name="Sum">The bound as the refusal spells it, with its settings' values (<c>2 × OperationTimeout 00:05:00 + …</c>).</param>
/// <param name="Inputs">The settings it reads: where one of them is bad itself, the budget is not judged.</param>
internal sealed record TryBound(Func<IConfiguration, TimeSpan> Of, Func<IConfiguration, string> Sum, IReadOnlyList<string> Inputs)
{
    /// <summary>A bound over the settings of two concerns, <typeparamref name="TFirst"/> and <typeparamref name="TSecond"/>.</summary>
    public static TryBound Over<TFirst, TSecond>(
        Func<TFirst, TSecond, TimeSpan> of, Func<TFirst, TSecond, string> sum, IReadOnlyList<string> inputs)
        where TFirst : new()
        where TSecond : new() =>
        new(c => of(SettingsBinder.Read<TFirst>(c), SettingsBinder.Read<TSecond>(c)),
            c => sum(SettingsBinder.Read<TFirst>(c), SettingsBinder.Read<TSecond>(c)),
            inputs);
}
