namespace Brick.Service.Http;

/// <summary><c>Brick:Http</c> names an address the worker cannot listen on (in use, not an address of this machine, a port it may not bind).</summary>
public sealed class HttpListenException(string message, Exception inner) : Exception(message, inner);
