using Brick.Contracts;

namespace Brick.Engine.Tests.Support;

/// <summary>Changes to a volume's <c>connection</c> for requests that are not quite the volume's own.</summary>
internal static class Connections
{
    /// <summary>The connection with <c>data.KEY</c> set to <paramref name="value"/> (or removed, for null).</summary>
    public static VolumeConnection With(this VolumeConnection connection, string key, object? value)
    {
        var data = connection.Data.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone(), StringComparer.Ordinal);
        if (value is null)
            data.Remove(key);
        else
            data[key] = value;
        return VolumeConnection.From(connection.DriverVolumeType, data);
    }

    /// <summary>A <c>local</c> connection to <paramref name="devicePath"/>, with more <c>data</c> fields where given.</summary>
    public static VolumeConnection Local(string devicePath, params (string Key, object Value)[] more)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["device_path"] = devicePath };
        foreach (var (key, value) in more)
            data[key] = value;
        return VolumeConnection.From("local", data);
    }

    /// <summary>The request of <paramref name="message"/> with another connection.</summary>
    public static VolumeExtended With(this VolumeExtended message, VolumeConnection connection) => message with { Connection = connection };
}
