using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Hosting;

/// <summary>The start both hosts share: configuration, logging, clock, and the status endpoint.</summary>
public static class LvsHost
{
    /// <summary>
    /// An empty builder (the default one watches appsettings files under the content root recursively, which
    /// on a node, content root /, means inotify over the whole filesystem and a start measured in seconds),
    /// configured from <c>LVS_</c> environment variables and the command line's <paramref name="switches"/>,
    /// with single-line console logs.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string> switches)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Configuration.AddEnvironmentVariables("LVS_");
        builder.Configuration.AddCommandLine(args, switches);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReconcileHealth>();
        return builder;
    }

    /// <summary>Serves /metrics, /healthz and /readyz where <paramref name="configure"/> says, from the host's options.</summary>
    public static IServiceCollection AddStatusServer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services, Action<StatusServerOptions, TOptions> configure)
        where TOptions : class
    {
        services.AddOptions<StatusServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<TOptions>>((status, host) => configure(status, host.Value));
        return services.AddHostedService<StatusServer>();
    }
}
