using LvsOperator.Agent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--manifests"] = $"{AgentOptions.Section}:{nameof(AgentOptions.Manifests)}",
    ["--node"] = $"{AgentOptions.Section}:{nameof(AgentOptions.NodeName)}",
    ["--node-labels"] = $"{AgentOptions.Section}:{nameof(AgentOptions.NodeLabels)}",
    ["--state-dir"] = $"{AgentOptions.Section}:{nameof(AgentOptions.StateDirectory)}",
    ["--resync"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ResyncInterval)}",
    ["--drain-grace"] = $"{AgentOptions.Section}:{nameof(AgentOptions.DrainGracePeriod)}",
});
builder.Services.AddOptions<AgentOptions>()
    .Bind(builder.Configuration.GetSection(AgentOptions.Section))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IDesiredStateSource, ManifestDirectorySource>();
builder.Services.AddHostedService<ReconcileLoop>();

await builder.Build().RunAsync();
