namespace Brick.Service.Messaging;

/// <summary>Finds a failure of a given type in what a consumer threw, through inner and single aggregated exceptions.</summary>
internal static class ExceptionChain
{
    /// <summary>The first <typeparamref name="T"/> in <paramref name="exception"/>'s chain, or null.</summary>
    public static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
            if (e is AggregateException { InnerExceptions: [var single] })
                return Find<T>(single);
        }

        return null;
    }
}
