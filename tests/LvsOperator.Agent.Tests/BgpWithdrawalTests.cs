using System.Collections.Immutable;
using System.Net;
using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Kernel;
using LvsOperator.Node.Bgp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

/// <summary>Issue 17, "graceful withdraw first, then stop": before any service stops, and past the host's timeout.</summary>
[Collection("BgpMetrics")]
public sealed class BgpWithdrawalTests : IDisposable
{
    private static readonly IPAddress Router = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.120");

    private static readonly BgpAnnouncement Intent = new(
        ImmutableSortedDictionary.Create<IPAddress, BgpSession>(BgpAnnouncement.Addresses).Add(Router, new BgpSession(Router, 64500, 64512, 9, false, null)),
        ImmutableSortedDictionary.Create<IPAddress, BgpRoute>(BgpAnnouncement.Addresses).Add(Vip, new BgpRoute(Vip, BgpRoute.PeerSet([Router]), [], null)));

    private readonly string _directory = Directory.CreateTempSubdirectory("bgp-withdrawal-").FullName;
    private readonly FakeFrr _frr = new();
    private readonly List<string> _order = [];

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_vips_are_withdrawn_before_any_service_stops_even_those_registered_after_it()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(Options.Create(new AgentOptions { Bgp = true }));
        builder.Services.AddSingleton(new FrrDaemon(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf") }, _frr));
        builder.Services.AddSingleton<IBgpPasswordSource, NoBgpPasswords>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(NullLogger<BgpAnnouncer>.Instance);
        builder.Services.AddSingleton<BgpAnnouncer>();
        builder.Services.AddSingleton<IHostedService>(_ => new Recorder("reconcile loop", this));
        builder.Services.AddHostedService<BgpWithdrawal>();
        builder.Services.AddSingleton<IHostedService>(_ => new Recorder("status server", this));
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<BgpAnnouncer>().OfferAsync(Intent, serving: true);

        await host.StopAsync();

        Assert.Equal(["withdrawn", "status server", "reconcile loop"], _order);
    }

    [Fact]
    public async Task A_host_whose_shutdown_timeout_has_already_passed_does_not_cut_the_withdrawal()
    {
        using var announcer = new BgpAnnouncer(
            new FrrDaemon(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf") }, _frr), new NoBgpPasswords(),
            Options.Create(new AgentOptions { Bgp = true }), TimeProvider.System, NullLogger<BgpAnnouncer>.Instance);
        await announcer.OfferAsync(Intent, serving: true);

        await new BgpWithdrawal(announcer, Options.Create(new AgentOptions { Bgp = true })).StoppingAsync(new CancellationToken(canceled: true));

        Assert.DoesNotContain("network 192.0.2.120", _frr.Running, StringComparison.Ordinal);
        Assert.Single(_frr.Changes);
    }

    private sealed class Recorder(string name, BgpWithdrawalTests test) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (test._frr.Changes.Count > 0 && !test._order.Contains("withdrawn")) test._order.Add("withdrawn");
            test._order.Add(name);
            return Task.CompletedTask;
        }
    }
}
