namespace Brick.Service.Residency;

/// <summary>What one release did: the process's resident memory before and after, in MiB, and the file mappings paged out or refused.</summary>
/// <param name="ResidentBefore">Resident memory before (<c>VmRSS</c>), MiB.</param>
/// <param name="ResidentAfter">Resident memory after, MiB.</param>
/// <param name="PagedOut">File mappings the kernel paged out.</param>
/// <param name="Refused">File mappings the kernel refused to page out.</param>
/// <param name="LastError">The error of the last refusal (an <c>errno</c>), 0 for none.</param>
/// <param name="Took">How long the release took (the collection and the advice, not the pages read again later).</param>
internal sealed record ReleasedMemory(double ResidentBefore, double ResidentAfter, int PagedOut, int Refused, int LastError, TimeSpan Took);
