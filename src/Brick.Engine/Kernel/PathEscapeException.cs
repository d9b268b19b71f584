namespace Brick.Engine.Kernel;

/// <summary>A path or symbolic link led outside its configured root, or through too many links.</summary>
internal sealed class PathEscapeException(string message) : IOException(message);
