using LvsOperator.Controller;
using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Hosting;
using LvsOperator.KubeConfig;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var builder = LvsHost.CreateBuilder(args, new Dictionary<string, string>(KubeClientOptions.Switches)
{
    ["--leader-elect"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.LeaderElect)}",
    ["--leader-election-namespace"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.LeaderElectionNamespace)}",
    ["--leader-election-id"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.LeaderElectionId)}",
    ["--director-selector"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.DirectorSelector)}",
    ["--status-address"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.StatusAddress)}",
    ["--resync"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.ResyncInterval)}",
    ["--default-load-balancer"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.DefaultLoadBalancer)}",
});
builder.Services.AddOptions<ControllerOptions>().Bind(builder.Configuration.GetSection(ControllerOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
builder.Services.AddKubeClient(builder.Configuration);
builder.Services.AddSingleton(services => new ClusterCaches(
    services.GetRequiredService<KubeApiClient>(),
    LabelText.Parse(services.GetRequiredService<IOptions<ControllerOptions>>().Value.DirectorSelector),
    services.GetRequiredService<ILoggerFactory>(),
    services.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton(services => new OutputWriter(
    services.GetRequiredService<KubeApiClient>(),
    services.GetRequiredService<IOptions<ControllerOptions>>().Value.Identity,
    services.GetRequiredService<TimeProvider>(),
    services.GetRequiredService<ILogger<OutputWriter>>()));
builder.Services.AddSingleton<LoadBalancerWriter>();
builder.Services.AddSingleton(services => new LoadBalancerPass(
    services.GetRequiredService<ClusterCaches>(),
    services.GetRequiredService<KubeApiClient>(),
    services.GetRequiredService<LoadBalancerWriter>(),
    services.GetRequiredService<IOptions<ControllerOptions>>().Value.DefaultLoadBalancer,
    services.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<IControllerLoop, ControllerLoop>();
builder.Services.AddHostedService<CacheService>();
builder.Services.AddHostedService<LeaderService>();
builder.Services.AddStatusServer<ControllerOptions>((status, controller) =>
{
    status.Address = controller.StatusAddress;
    status.ReadyWithin = controller.ResyncInterval * 3;
});

using var host = builder.Build();
return await LvsHost.RunAsync(host);
