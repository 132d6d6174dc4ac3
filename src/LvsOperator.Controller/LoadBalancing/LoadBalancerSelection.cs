using LvsOperator.Core.LoadBalancing;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// Which Services this controller serves: <c>type: LoadBalancer</c> of class <c>lvsoperator.io/lvs</c>, and
/// those naming no class when it runs as the cluster's default implementation. A Service of another class is
/// another implementation's (MetalLB's, a cloud's) and is left alone, whatever it carries.
/// </summary>
public static class LoadBalancerSelection
{
    public const string LoadBalancerType = "LoadBalancer";

    public static bool IsOurs(Service service, bool defaultImplementation) =>
        service.Spec.Type == LoadBalancerType && service.Spec.LoadBalancerClass switch
        {
            null or "" => defaultImplementation,
            var named => named == LoadBalancerAnnotations.LoadBalancerClass,
        };
}
