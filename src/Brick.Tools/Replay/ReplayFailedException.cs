namespace Brick.Tools.Replay;

/// <summary>A replay could not start or go on; <see cref="Exception.Message"/> is one line for the operator (never a password).</summary>
public sealed class ReplayFailedException(string message, Exception? inner = null) : Exception(message, inner);
