using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Bgp;

/// <summary>
/// Withdraws the VIPs first when the host stops (issue 17: "graceful withdraw first, then stop"): in
/// <see cref="StoppingAsync"/>, which the host runs before any service's StopAsync, so the reconcile loop, the VRRP
/// routers and the kernel state are all still in place while the router moves the flows away. Bounded by
/// <see cref="AgentOptions.BgpWithdrawTimeout"/>, not by the host's shutdown token: that one is cut at the host's
/// timeout, and a withdrawal cut short leaves FRR announcing VIPs whose agent is gone.
/// </summary>
internal sealed class BgpWithdrawal(BgpAnnouncer announcer, IOptions<AgentOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(options.Value.BgpWithdrawTimeout);
        await announcer.WithdrawAsync(bound.Token).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
