// Command pulumi-resource-proxmoxve serves the Proxmox VE resources of the npm package
// @muhlba91/pulumi-proxmoxve to the Pulumi engine. It bridges github.com/bpg/terraform-provider-proxmox
// (its SDKv2 half and its plugin-framework half, muxed) with github.com/pulumi/pulumi-terraform-bridge,
// naming every resource with the type token the npm SDK registers, so programs written against that SDK
// run unchanged. scripts/ensure-proxmox-plugin builds it where the published binary cannot be
// downloaded.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/bpg/terraform-provider-proxmox/fwprovider"
	"github.com/bpg/terraform-provider-proxmox/proxmoxtf/provider"
	pfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	shim "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/x/muxer"
	"github.com/pulumi/pulumi-terraform-bridge/v3/unstable/metadata"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// version is the plugin version the npm SDK asks for; the build sets it with -ldflags -X main.version=….
var version = "8.6.0"

const pkg = "proxmoxve"

// The Terraform resource attribute "id" is an input on some resources (storages, SDN objects); Pulumi
// reserves "id", so the SDK exposes that attribute as "resourceId".
const resourceIDProperty = "resourceId"

// moduleAndName splits a Terraform type name into the SDK's module and member name:
// proxmox_virtual_environment_vm -> index, VmLegacy; proxmox_network_linux_bridge -> network/linux, Bridge.
// The older proxmox_virtual_environment_* names carry the Legacy suffix in the SDK.
func moduleAndName(tfName string) (string, string, error) {
	legacy := strings.HasPrefix(tfName, "proxmox_virtual_environment_")
	rest := strings.TrimPrefix(strings.TrimPrefix(tfName, "proxmox_virtual_environment_"), "proxmox_")
	if rest == tfName || rest == "" {
		return "", "", fmt.Errorf("unexpected Terraform type name %q", tfName)
	}
	parts := strings.Split(rest, "_")
	module, name := "index", parts[len(parts)-1]
	if len(parts) > 1 {
		module = strings.Join(parts[:len(parts)-1], "/")
	}
	if legacy {
		name += "Legacy"
	}
	if unicode.IsDigit(rune(name[0])) || unicode.IsDigit(rune(module[0])) {
		return "", "", fmt.Errorf("Terraform type name %q gives a Pulumi name starting with a digit", tfName)
	}
	return module, strings.ToUpper(name[:1]) + name[1:], nil
}

// inputID reports whether a Terraform resource takes "id" as an input rather than computing it.
func inputID(res shim.Resource) bool {
	if res == nil || res.Schema() == nil {
		return false
	}
	id, ok := res.Schema().GetOk("id")
	return ok && (id.Required() || id.Optional())
}

func providerInfo(ctx context.Context) (tfbridge.ProviderInfo, error) {
	muxed := pfbridge.MuxShimWithPF(ctx, shimv2.NewProvider(provider.ProxmoxVirtualEnvironment()), fwprovider.New(version)())
	info := tfbridge.ProviderInfo{
		P:            muxed,
		Name:         "proxmox",
		Version:      version,
		GitHubOrg:    "bpg",
		Config:       map[string]*tfbridge.SchemaInfo{},
		Resources:    map[string]*tfbridge.ResourceInfo{},
		DataSources:  map[string]*tfbridge.DataSourceInfo{},
		MetadataInfo: tfbridge.NewProviderMetadata(nil),
	}
	var mapErr error
	muxed.ResourcesMap().Range(func(tfName string, res shim.Resource) bool {
		module, name, err := moduleAndName(tfName)
		if err != nil {
			mapErr = err
			return false
		}
		ri := &tfbridge.ResourceInfo{Tok: tfbridge.MakeResource(pkg, module, name)}
		if inputID(res) {
			ri.Fields = map[string]*tfbridge.SchemaInfo{"id": {Name: resourceIDProperty, Type: "string"}}
			ri.ComputeID = func(_ context.Context, state resource.PropertyMap) (resource.ID, error) {
				value, ok := state[resourceIDProperty]
				if !ok || !value.IsString() {
					return "", fmt.Errorf("%s: the state has no %s", tfName, resourceIDProperty)
				}
				return resource.ID(value.StringValue()), nil
			}
		}
		info.Resources[tfName] = ri
		return true
	})
	if mapErr != nil {
		return info, mapErr
	}
	muxed.DataSourcesMap().Range(func(tfName string, _ shim.Resource) bool {
		module, name, err := moduleAndName(tfName)
		if err != nil {
			mapErr = err
			return false
		}
		info.DataSources[tfName] = &tfbridge.DataSourceInfo{Tok: tokens.ModuleMember(tfbridge.MakeDataSource(pkg, module, "get"+name))}
		return true
	})
	if mapErr != nil {
		return info, mapErr
	}
	// tfgen records which half of the muxed provider owns each resource; without tfgen it is resolved here.
	resolver, ok := muxed.(interface {
		ResolveDispatch(*tfbridge.ProviderInfo) (muxer.DispatchTable, error)
	})
	if !ok {
		return info, fmt.Errorf("the muxed provider cannot resolve its dispatch table")
	}
	dispatch, err := resolver.ResolveDispatch(&info)
	if err != nil {
		return info, fmt.Errorf("resolving the dispatch table: %w", err)
	}
	if err := metadata.Set(info.GetMetadata(), "mux", dispatch); err != nil {
		return info, err
	}
	return info, nil
}

// schema is the package description the engine gets from GetSchema: name, version and the resource
// tokens. Programs use the published SDK, so no SDK is generated from it.
func schema(info tfbridge.ProviderInfo) ([]byte, error) {
	resources := map[string]any{}
	for _, ri := range info.Resources {
		resources[string(ri.Tok)] = map[string]any{}
	}
	return json.Marshal(map[string]any{
		"name":      pkg,
		"version":   version,
		"resources": resources,
		"config":    map[string]any{},
	})
}

func main() {
	ctx := context.Background()
	info, err := providerInfo(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-proxmoxve: %v\n", err)
		os.Exit(1)
	}
	if len(os.Args) > 1 && os.Args[1] == "--tokens" {
		for tfName, ri := range info.Resources {
			fmt.Printf("%s %s\n", tfName, ri.Tok)
		}
		return
	}
	spec, err := schema(info)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-proxmoxve: %v\n", err)
		os.Exit(1)
	}
	pfbridge.MainWithMuxer(ctx, pkg, info, spec)
}
