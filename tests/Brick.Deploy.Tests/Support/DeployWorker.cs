namespace Brick.Deploy.Tests.Support;

/// <summary>How the deployment tests start <c>brick-worker</c> (<see cref="WorkerProcess"/>): the executable the packages and units run, from a neutral folder.</summary>
internal static class DeployWorker
{
    /// <summary>The executable <c>brick-worker</c> in the temp folder, with <paramref name="environment"/>, run by <paramref name="launcher"/> when given.</summary>
    public static WorkerStart Options(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null) => new()
    {
        Executable = true,
        WorkingDirectory = Path.GetTempPath(),
        Environment = environment ?? new Dictionary<string, string>(),
        Launcher = launcher ?? [],
    };
}
