using Microsoft.Extensions.Hosting;

namespace LvsOperator.Agent.Bgp;

/// <summary>Withdraws the VIPs when the host stops; registered after the reconcile loop, so it stops before it.</summary>
internal sealed class BgpWithdrawal(BgpAnnouncer announcer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => announcer.WithdrawAsync(cancellationToken);
}
