using LvsOperator.Controller;
using LvsOperator.Core.Resources;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var builder = LvsHost.CreateBuilder(args, new Dictionary<string, string>
{
    ["--api-server"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.ApiServer)}",
    ["--leader-elect"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.LeaderElect)}",
    ["--leader-election-namespace"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.LeaderElectionNamespace)}",
    ["--leader-election-id"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.LeaderElectionId)}",
    ["--director-selector"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.DirectorSelector)}",
    ["--status-address"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.StatusAddress)}",
    ["--resync"] = $"{ControllerOptions.Section}:{nameof(ControllerOptions.ResyncInterval)}",
});
builder.Services.AddOptions<ControllerOptions>().Bind(builder.Configuration.GetSection(ControllerOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
builder.Services.AddSingleton(services =>
{
    var settings = services.GetRequiredService<IOptions<ControllerOptions>>().Value;
    return new KubeApiClient(string.IsNullOrEmpty(settings.ApiServer) ? KubeConnection.InCluster() : KubeConnection.ForServer(new Uri(settings.ApiServer)));
});
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
builder.Services.AddSingleton<ControllerLoop>();
builder.Services.AddHostedService<CacheService>();
builder.Services.AddHostedService<LeaderService>();
builder.Services.AddStatusServer<ControllerOptions>((status, controller) =>
{
    status.Address = controller.StatusAddress;
    status.ReadyWithin = controller.ResyncInterval * 3;
});

await builder.Build().RunAsync();
