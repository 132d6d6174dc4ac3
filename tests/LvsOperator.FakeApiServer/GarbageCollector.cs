using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// The garbage collector controller in miniature, running after every change like the real one runs after its
/// informers: dependents whose owners are all gone are deleted (background); references to gone owners are dropped
/// when other owners remain; an owner deleted with Orphan has its references removed from dependents, then its
/// <c>orphan</c> finalizer; one deleted with Foreground waits for its dependents, then loses <c>foregroundDeletion</c>.
/// </summary>
internal sealed class GarbageCollector(ObjectStore store, ObjectWriter writer, ObjectDeleter deleter) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;

    public void Start()
    {
        StoreSubscription subscription;
        lock (store.Gate)
        {
            subscription = store.SubscribeLocked();
        }

        loop = RunAsync(subscription, stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    private async Task RunAsync(StoreSubscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                while (await subscription.Events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (subscription.Events.TryRead(out _))
                    {
                        // Drain: one sweep covers every change so far.
                    }

                    Sweep();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Server stopping.
            }
        }
    }

    private void Sweep()
    {
        lock (store.Gate)
        {
            var all = store.AllCurrentLocked().ToList();
            var live = all.Select(o => o.Object.Uid()).ToHashSet();
            foreach (var (type, owner) in all.Where(o => o.Object.IsDeleting()))
            {
                var dependents = all.Where(d => d.Object.OwnerUids().Contains(owner.Uid())).ToList();
                if (owner.Finalizers().Contains(ObjectDeleter.OrphanFinalizer))
                {
                    Orphan(owner, type, dependents);
                }
                else if (owner.Finalizers().Contains(ObjectDeleter.ForegroundFinalizer))
                {
                    DeleteForeground(owner, type, dependents);
                }
            }

            foreach (var (type, dependent) in store.AllCurrentLocked().Where(o => o.Object.OwnerUids().Count > 0))
            {
                var gone = dependent.OwnerUids().Where(uid => !live.Contains(uid)).ToHashSet();
                if (gone.Count == dependent.OwnerUids().Count)
                {
                    if (!dependent.IsDeleting())
                    {
                        deleter.DeleteLocked(type, dependent, DeleteOptions.Default);
                    }
                }
                else if (gone.Count > 0)
                {
                    var candidate = (JsonObject)dependent.DeepClone();
                    candidate.RemoveOwnerReferences(gone);
                    writer.ApplyLocked(type, dependent, candidate, statusSubresource: false);
                }
            }
        }
    }

    private void Orphan(JsonObject owner, ResourceType ownerType, List<(ResourceType Type, JsonObject Object)> dependents)
    {
        var ownerUid = new HashSet<string> { owner.Uid() };
        foreach (var (type, dependent) in dependents)
        {
            var candidate = (JsonObject)dependent.DeepClone();
            candidate.RemoveOwnerReferences(ownerUid);
            writer.ApplyLocked(type, dependent, candidate, statusSubresource: false);
        }

        RemoveFinalizer(ownerType, owner, ObjectDeleter.OrphanFinalizer);
    }

    private void DeleteForeground(JsonObject owner, ResourceType ownerType, List<(ResourceType Type, JsonObject Object)> dependents)
    {
        foreach (var (type, dependent) in dependents.Where(d => !d.Object.IsDeleting()))
        {
            deleter.DeleteLocked(type, dependent, DeleteOptions.Default);
        }

        if (dependents.Count == 0)
        {
            RemoveFinalizer(ownerType, owner, ObjectDeleter.ForegroundFinalizer);
        }
    }

    private void RemoveFinalizer(ResourceType type, JsonObject obj, string finalizer)
    {
        var current = store.GetLocked(type, obj.Namespace(), obj.Name()) ?? obj;
        var candidate = (JsonObject)current.DeepClone();
        candidate.SetFinalizers(current.Finalizers().Where(f => f != finalizer));
        writer.ApplyLocked(type, current, candidate, statusSubresource: false);
    }
}
