using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Leases;

/// <summary>
/// Leader election on a coordination.k8s.io Lease with client-go's semantics (<c>leaderelection.LeaderElector</c>):
/// <see cref="AcquireAsync"/> until this replica holds it, <see cref="HoldAsync"/> while it renews in time,
/// <see cref="ReleaseAsync"/> on a graceful stop. Every write is conditional on the resourceVersion read, so two
/// replicas never both win a try. An API server that cannot be reached or answers an error is tried again
/// every RetryPeriod, never thrown (issue 12: KubernetesClient's elector let a refused connection stop the host).
/// One elector per replica; not thread-safe.
/// </summary>
public sealed partial class LeaseElector(
    ResourceClient<Lease> leases, LeaseElectorOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>A renewal cancelled by the stop may still land after the release's read: a conflict is read again, this often.</summary>
    private const int ReleaseAttempts = 3;

    private string? _observedVersion;
    private long _observedAt;

    /// <summary>Returns once this replica holds the Lease, trying every RetryPeriod.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renews every RetryPeriod; returns when a renewal did not succeed within RenewDeadline: the Lease is
    /// lost or about to be, and the caller stops writing. Throws <see cref="OperationCanceledException"/> on stop.
    /// </summary>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        do
        {
            await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
        }
        while (await RenewWithinDeadlineAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <returns>Whether this replica still held the Lease and gave it up (<see cref="LeaseClaim.Release"/>); a
    /// Lease a standby took meanwhile is never touched.</returns>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await leases.GetAsync(options.Namespace, options.Name, cancellationToken).ConfigureAwait(false);
            if (LeaseClaim.Release(current, options.Identity, time.GetUtcNow()) is not { } released) return false;
            try
            {
                await leases.ReplaceAsync(released, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < ReleaseAttempts)
            {
                // Written meanwhile (by our own last renewal, or by a standby): read it again.
            }
        }
    }

    private async Task<bool> RenewWithinDeadlineAsync(CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.RenewDeadline, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (!await TryAcquireOrRenewAsync(bounded.Token).ConfigureAwait(false))
            {
                await Task.Delay(options.RetryPeriod, time, bounded.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One read and, when <see cref="LeaseClaim.Next"/> says so, one conditional write.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = await leases.GetAsync(options.Namespace, options.Name, cancellationToken).ConfigureAwait(false);
            Observe(current);
            if (LeaseClaim.Next(current, options, time.GetUtcNow(), time.GetElapsedTime(_observedAt)) is not { } claim) return false;
            Observe(current is null
                ? await leases.CreateAsync(claim, cancellationToken).ConfigureAwait(false)
                : await leases.ReplaceAsync(claim, cancellationToken).ConfigureAwait(false));
            return true;
        }
        catch (KubeApiException e) when (e.IsConflict || e.IsAlreadyExists)
        {
            // Another replica wrote between our read and our write: its claim stands; the next try reads it.
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTryFailed(e.GetBaseException().Message, options.RetryPeriod);
            return false;
        }
    }

    /// <summary>client-go's <c>observedTime</c>: when this replica first saw the Lease as it is now.</summary>
    private void Observe(Lease? lease)
    {
        var version = lease?.Metadata.ResourceVersion;
        if (version == _observedVersion) return;
        _observedVersion = version;
        _observedAt = time.GetTimestamp();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election could not read or write the Lease ({Reason}); trying again in {Delay}")]
    private partial void LogTryFailed(string reason, TimeSpan delay);
}
