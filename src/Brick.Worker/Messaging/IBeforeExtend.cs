using Brick.Engine.Requests;

namespace Brick.Worker.Messaging;

/// <summary>Something to do before the engine runs a valid request: the simulated array growing the LUN, in <c>--simulate</c> and the demo.</summary>
public interface IBeforeExtend
{
    /// <summary>Called once per try, before the engine.</summary>
    void Before(ExtendRequest request);
}
