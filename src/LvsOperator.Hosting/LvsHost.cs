using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Hosting;

/// <summary>The start both hosts share: configuration, logging, clock, and the status endpoint.</summary>
public static partial class LvsHost
{
    /// <summary>
    /// An empty builder (the default one watches appsettings files under the content root recursively, which
    /// on a node, content root /, means inotify over the whole filesystem and a start measured in seconds),
    /// configured from <c>LVS_</c> environment variables and the command line's <paramref name="switches"/>,
    /// with single-line console logs that the <c>Logging</c> section tunes as in any .NET host (levels, and
    /// <c>Logging:Console:FormatterOptions:TimestampFormat</c> for a time on each line).
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string> switches)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Configuration.AddEnvironmentVariables("LVS_");
        builder.Configuration.AddCommandLine(args, switches);
        // The empty builder leaves logging unconfigured: without this, LVS_Logging__... would change nothing.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
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
        services.AddOptions<StatusServerOptions>()
            .Configure<IOptions<TOptions>>((status, host) => configure(status, host.Value))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatusServerOptions>, StatusServerOptionsValidator>();
        return services.AddHostedService<StatusServer>();
    }

    /// <summary>
    /// Starts the host and waits for its shutdown. Settings that cannot work (options validation, a
    /// <see cref="StartupException"/>) end it with one logged line and exit code 1 rather than a stack trace;
    /// the caller disposes the host, which flushes the log.
    /// </summary>
    public static async Task<int> RunAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            // What StartAsync would do first, done here so that the host does not log the failure again with
            // its stack trace: validate the options, then make the hosted services (and so what they need,
            // such as the API server connection from a kubeconfig).
            host.Services.GetService<IStartupValidator>()?.Validate();
            _ = host.Services.GetServices<IHostedService>();
        }
        catch (Exception e) when (StartupFailure(e) is { } reason)
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LvsHost));
            LogCannotStart(logger, reason);
            return 1;
        }

        await host.StartAsync().ConfigureAwait(false);
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static string? StartupFailure(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is StartupException or OptionsValidationException)
            {
                return error.Message;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot start: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);
}
