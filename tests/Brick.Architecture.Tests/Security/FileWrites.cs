using Mono.Cecil.Cil;

namespace Brick.Architecture.Tests.Security;

/// <summary>
/// Which calls of .NET's file APIs may change a file or a directory: every member of <c>File</c>, <c>FileInfo</c>,
/// <c>Directory</c>, <c>DirectoryInfo</c> and <c>FileSystemInfo</c> but those that only read, every <c>FileStream</c>
/// opened with an access other than a plain <c>FileAccess.Read</c>, a <c>StreamWriter</c> on a path, and the rest of
/// the ways to write (<c>RandomAccess.Write</c>, memory-mapped files, <c>Path.GetTempFileName</c>). Deny by default:
/// a member not known to read counts as a write.
/// </summary>
internal static class FileWrites
{
    private static readonly HashSet<string> FileSystemTypes =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
    ];

    private static readonly string[] ReadingPrefixes =
    [
        "get_", "Exists", "Read", "OpenRead", "OpenText", "Enumerate", "Get", "ResolveLinkTarget", "Refresh", ".ctor", "ToString",
    ];

    /// <summary>Whether <paramref name="call"/> may write to the file system.</summary>
    public static bool Writes(CallSite call)
    {
        var type = call.CalleeType;
        var name = call.Callee.Name;
        if (FileSystemTypes.Contains(type))
            return !ReadingPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
        return type switch
        {
            "System.IO.FileStream" => name == ".ctor" && !OpensForReading(call),
            "System.IO.StreamWriter" => name == ".ctor" && call.Callee.Parameters.Count > 0 && call.Callee.Parameters[0].ParameterType.FullName == "System.String",
            "System.IO.RandomAccess" => name.StartsWith("Write", StringComparison.Ordinal) || name == "SetLength",
            "System.IO.Path" => name == "GetTempFileName",
            _ => type.StartsWith("System.IO.MemoryMappedFiles.", StringComparison.Ordinal),
        };
    }

    /// <summary>A <c>FileStream</c> constructor whose <c>FileAccess</c> argument is the constant <c>Read</c>.</summary>
    private static bool OpensForReading(CallSite call)
    {
        var access = call.Callee.Parameters.ToList().FindIndex(p => p.ParameterType.FullName == "System.IO.FileAccess");
        return access >= 0 && call.Argument(access) is { OpCode.Code: Code.Ldc_I4_1 };
    }
}
