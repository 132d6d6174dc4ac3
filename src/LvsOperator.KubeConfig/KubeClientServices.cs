using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.KubeConfig;

/// <summary>Registers the API server connection a host uses, loaded once at start-up.</summary>
public static partial class KubeClientServices
{
    /// <summary><see cref="KubeClientOptions"/>, bound and validated at start-up.</summary>
    public static IServiceCollection AddKubeClientOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubeClientOptions>().Bind(configuration.GetSection(KubeClientOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubeClientOptions>, KubeClientOptionsValidator>();
        return services;
    }

    /// <summary>
    /// The options, the <see cref="LoadedKubeClient"/>, and a <see cref="KubeApiClient"/> on its connection.
    /// </summary>
    public static IServiceCollection AddKubeClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKubeClientOptions(configuration);
        services.AddSingleton(provider =>
        {
            var loaded = KubeClientLoader.Load(provider.GetRequiredService<IOptions<KubeClientOptions>>().Value, KubeConfigEnvironment.Current());
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KubeClientServices));
            LogLoaded(logger, loaded.Configuration.Host, loaded.Source, loaded.Context ?? "-");
            return loaded;
        });
        services.AddSingleton(provider => new KubeApiClient(provider.GetRequiredService<LoadedKubeClient>().Connect()));
        return services;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes API server {Server} from {Source}, context {Context}")]
    private static partial void LogLoaded(ILogger logger, string? server, KubeConfigSource source, string context);
}
