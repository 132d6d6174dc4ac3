using LvsOperator.Agent.Bgp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LvsOperator.Node.Bgp;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

internal static class BgpServiceCollectionExtensions
{
    public static IServiceCollection AddBgpAnnouncer(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var agent = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new FrrDaemon(new FrrOptions { Pathspace = agent.FrrPathspace.Length > 0 ? agent.FrrPathspace : null }, new ProcessCommandRunner());
        });
        // Cluster mode registers SecretPasswordSource first; manifest mode has no Secrets to read.
        services.TryAddSingleton<IBgpPasswordSource, NoBgpPasswords>();
        services.AddSingleton<BgpAnnouncer>();
        services.AddHostedService<BgpWithdrawal>();
        return services;
    }
}
