namespace Brick.Service.Settings;

/// <summary>The console log format.</summary>
public enum LogFormat
{
    /// <summary>One readable line per event.</summary>
    Human,

    /// <summary>Serilog's compact JSON, one object per line.</summary>
    Json,
}
