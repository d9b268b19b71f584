namespace Brick.Engine.Kernel;

/// <summary>A path or symbolic link led outside its configured root, or through too many links.</summary>
public sealed class PathEscapeException(string message) : IOException(message);
