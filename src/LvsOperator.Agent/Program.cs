using LvsOperator.Agent;
using LvsOperator.Agent.Bgp;
using LvsOperator.Health;
using LvsOperator.Health.Checks;
using LvsOperator.Hosting;
using LvsOperator.KubeConfig;
using LvsOperator.Node.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

// Before anything touches the metrics registry: the health meter is exported by HealthMeterExporter.
Metrics.ConfigureMeterAdapter(HealthMeterExporter.ExcludeFromDefaultAdapter);
var builder = LvsHost.CreateBuilder(args, AgentSwitches.Mappings);
builder.Services.AddOptions<AgentOptions>()
    .Bind(builder.Configuration.GetSection(AgentOptions.Section))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
// Room for the BGP withdrawal before the rest of the shutdown (issue 17); the chart's grace period covers it.
builder.Services.AddOptions<HostOptions>().Configure<IOptions<AgentOptions>>((host, agent) => host.ShutdownTimeout = agent.Value.ShutdownTimeout);
var agent = builder.Configuration.GetSection(AgentOptions.Section);
if (!string.IsNullOrEmpty(agent[nameof(AgentOptions.Manifests)]))
{
    // Validated too: kubeconfig switches next to --manifests are refused, not ignored.
    builder.Services.AddKubeClientOptions(builder.Configuration);
    builder.Services.AddSingleton<IDesiredStateSource, ManifestDirectorySource>();
}
else
{
    builder.Services.AddKubeClient(builder.Configuration);
    builder.Services.AddSingleton<ClusterSliceSource>();
    builder.Services.AddSingleton<IDesiredStateSource>(services => services.GetRequiredService<ClusterSliceSource>());
    builder.Services.AddHostedService(services => services.GetRequiredService<ClusterSliceSource>());
    // Panic transitions (issue 15) and BGP sessions lost or established (issue 17) as Events on the VirtualService;
    // made with the other hosted services, before the first cycle configures the checks, so a restart that starts
    // in panic reports it too.
    builder.Services.AddHostedService<NodeEventWriter>();
    // MD5 passwords of BGP sessions: GET of the named Secrets (the chart grants exactly those, issue 17).
    builder.Services.AddSingleton<IBgpPasswordSource, SecretPasswordSource>();
}

builder.Services.AddFailover();

builder.Services.AddSingleton<AgentMetrics>();
builder.Services.AddSingleton<IpvsStatsCollector>();
// Health checks of the real servers this node directs, from its own network namespace (where its VIPs'
// traffic leaves from); a node that directs nothing checked configures none. TCP checks run on one epoll thread
// (non-blocking connects, as keepalived does), HTTP, HTTPS and DNS through the checkers.
builder.Services.AddSingleton(services => new HealthScheduler(
    new HealthCheckers(), services.GetRequiredService<TimeProvider>(), new HealthSchedulerOptions { PollTcp = true },
    services.GetRequiredService<ILogger<HealthScheduler>>()));
// The verdicts live beside the ledger, so a restarted agent starts each real server where the checks left it.
builder.Services.AddSingleton(services => new VerdictStore(services.GetRequiredService<IOptions<AgentOptions>>().Value.StateDirectory));
builder.Services.AddSingleton<HealthGate>();
builder.Services.AddSingleton<HealthMeterExporter>();
builder.Services.AddHostedService<ReconcileLoop>();
// Its withdrawal runs in the host's stopping phase, before any service stops: a stopping director withdraws its
// VIPs while it still forwards (issue 17).
builder.Services.AddBgpAnnouncer();
builder.Services.AddStatusServer<AgentOptions>((status, agent) =>
{
    status.Address = agent.StatusAddress;
    status.ReadyWithin = agent.ResyncInterval * 3;
});

using var host = builder.Build();
// The IPVS collector and the health exporter add themselves to the metrics registry when they are made.
host.Services.GetRequiredService<IpvsStatsCollector>();
host.Services.GetRequiredService<HealthMeterExporter>();
return await LvsHost.RunAsync(host);
