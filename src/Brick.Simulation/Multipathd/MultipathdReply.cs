namespace Brick.Simulation.Multipathd;

/// <summary>A scripted answer of the simulated <c>multipathd resize map</c>.</summary>
public enum MultipathdReply
{
    /// <summary>Resize the map to its paths' size and answer <c>ok</c> (or <c>fail</c> when the paths disagree, as multipathd does).</summary>
    Real,

    /// <summary>Answer <c>ok</c> without resizing anything (a lying or racing daemon).</summary>
    OkWithoutResize,

    /// <summary>Answer <c>fail</c>.</summary>
    Fail,

    /// <summary>Answer <c>timeout</c> (multipathd busy reconfiguring).</summary>
    Timeout,

    /// <summary>Never answer, until killed.</summary>
    Hang,

    /// <summary>Exit 0 printing something that is no answer (control characters, no <c>ok</c>/<c>fail</c>/<c>timeout</c>).</summary>
    Garbage,

    /// <summary>Exit 2 printing nothing (a crashed or refused client); on the socket, the connection closed with no reply.</summary>
    ExitNonZero,

    /// <summary>A reply too long to be one: 1 MiB of <c>x</c> from the program; on the socket, a reply announced at 1 TiB.</summary>
    Oversized,
}
