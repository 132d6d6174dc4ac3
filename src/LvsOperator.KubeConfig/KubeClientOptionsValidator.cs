using Microsoft.Extensions.Options;

namespace LvsOperator.KubeConfig;

/// <summary>Refuses settings that cannot work before anything is read, naming each one.</summary>
public sealed class KubeClientOptionsValidator : IValidateOptions<KubeClientOptions>
{
    public ValidateOptionsResult Validate(string? name, KubeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ApiServer.Length > 0)
        {
            if (!Uri.TryCreate(options.ApiServer, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
                failures.Add("ApiServer (--api-server) must be an absolute http or https URL");
            if (options.Kubeconfig.Length + options.Context.Length > 0)
                failures.Add("ApiServer (--api-server) is a bare URL without credentials: it excludes --kubeconfig and --context");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
