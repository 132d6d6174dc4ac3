using LvsOperator.Agent.Failover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

internal static class FailoverServiceCollectionExtensions
{
    /// <summary>
    /// Director failover: the registered <see cref="IDesiredStateSource"/> is wrapped in the VRRP gate, and the
    /// coordinator stops with the host (priority 0 from every master). Call after the source is registered.
    /// </summary>
    public static IServiceCollection AddFailover(this IServiceCollection services)
    {
        var source = services.Last(d => d.ServiceType == typeof(IDesiredStateSource));
        services.Remove(source);
        if (source.ImplementationType is { } type) services.Add(ServiceDescriptor.Singleton(type, type));
        services.AddSingleton<SyncDaemonControl>();
        services.AddSingleton<FailoverCoordinator>();
        services.AddHostedService(s => s.GetRequiredService<FailoverCoordinator>());
        services.AddSingleton<IDesiredStateSource>(s => new FailoverGatedSource(
            source.ImplementationFactory is { } factory ? (IDesiredStateSource)factory(s)
                : (IDesiredStateSource)s.GetRequiredService(source.ImplementationType!),
            s.GetRequiredService<FailoverCoordinator>(), s.GetRequiredService<IOptions<AgentOptions>>()));
        return services;
    }
}
