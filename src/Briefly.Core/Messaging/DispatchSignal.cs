namespace Briefly.Core.Messaging;

/// <summary>
/// Wakes this host's <see cref="MessageDispatcher"/> as soon as a message is accepted or queued here, instead of at its
/// next poll; messages stored by other hosts are found by the poll.
/// </summary>
public sealed class DispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Poke()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked: one wake-up serves every message queued before it.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
