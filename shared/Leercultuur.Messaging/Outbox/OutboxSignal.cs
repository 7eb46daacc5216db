namespace Leercultuur.Messaging.Outbox;

/// <summary>An in-process nudge from writers to the relay of the same database; polling covers other processes.</summary>
public sealed class OutboxSignal<TOwner>
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: several commits during one relay pass need only one more pass.
        if (semaphore.CurrentCount == 0)
        {
            try
            {
                semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer released it between the check and the release; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
