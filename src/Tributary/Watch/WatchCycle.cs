namespace Tributary.Watch;

/// <summary>What one cycle of <c>watch</c> did.</summary>
/// <param name="Files">New source files extracted.</param>
/// <param name="Records">Records extracted.</param>
/// <param name="Rows">Rows staged.</param>
/// <param name="Loaded">Whether a load committed.</param>
/// <param name="BatchesWaiting">Staging batches still waiting after the cycle.</param>
public sealed record WatchCycle(int Files, long Records, long Rows, bool Loaded, int BatchesWaiting);
