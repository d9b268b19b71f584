namespace Brick.Tools.Decommission;

/// <summary>A decommission that could not go on, with one line saying why and what was left as it was.</summary>
public sealed class DecommissionFailedException(string message, Exception? inner = null) : Exception(message, inner);
