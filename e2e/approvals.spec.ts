import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test, type PageErrors } from './fixtures.js';
import {
  callOverHttp,
  sharedServerLeftovers,
  sharedServerUnavailable,
  signInOverHttp,
  signInWithPassword,
  startSharedServer,
  stopSharedServer,
  type SharedServerProcess,
} from './shared-server.js';

// Approval before deploy, through the app on a real shared server (PostgreSQL, job queue, Pulumi):
// an admin sets a 1-of-1 policy on an environment in the Approvals page; a user's deploy from the
// planner waits for approval; the admin, in another browser, sees the request with its plan and
// approves it with a comment; the user sees the decision without reloading and the deploy runs.

test.skip(sharedServerUnavailable() !== null, sharedServerUnavailable() ?? '');

const DOCUMENT = {
  schemaVersion: 1,
  nodes: [{ id: 'disk', label: 'store-disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: 1 } }],
  wires: [],
};

async function signedInPage(
  browser: Browser,
  server: SharedServerProcess,
  pageErrors: PageErrors,
  name: string,
  password: string,
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  contexts.push(context);
  pageErrors.watch(context);
  const page = await context.newPage();
  await page.goto('/');
  await signInWithPassword(page, name, password);
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  return page;
}

test('a deploy from the planner waits for approval; an approver approves it in the inbox and the requester sees it start', async ({
  browser,
  pageErrors,
}) => {
  test.setTimeout(300_000);
  const server = await startSharedServer();
  const contexts: BrowserContext[] = [];
  const a11y: string[] = [];
  try {
    const root = await signInOverHttp(server.url, server.admin.name, server.admin.password);
    const tenant = await callOverHttp<{ id: string }>(server.url, root, 'createTenant', { name: 'acme' });
    expect(tenant.status).toBe(200);
    const people: Record<string, { password: string; token: string }> = {};
    for (const [name, role] of [
      ['ann', 'user'],
      ['bob', 'tenant-admin'],
    ] as const) {
      const made = await callOverHttp<{ password: string }>(server.url, root, 'createUser', { name, tenant: tenant.body.id, role });
      expect(made.status).toBe(200);
      people[name] = { password: made.body.password, token: await signInOverHttp(server.url, name, made.body.password) };
    }
    const ann = people.ann!;
    const bob = people.bob!;
    expect((await callOverHttp(server.url, bob.token, 'createLocalSandbox', {})).status).toBe(200);
    const topology = await callOverHttp<{ id: string }>(server.url, ann.token, 'createTopology', { name: 'store', document: DOCUMENT });
    expect(topology.status).toBe(200);

    // Bob sets the policy in the Approvals page: deploys in the sandbox need one approval, not the requester's.
    const bobPage = await signedInPage(browser, server, pageErrors, 'bob', bob.password, contexts);
    await bobPage.getByTestId('nav-approvals').click();
    await expect(bobPage.getByTestId('approvals-empty')).toBeVisible();
    await bobPage.getByTestId('approvals-tab-policies').click();
    await expect(bobPage.getByTestId('approval-policies-empty')).toBeVisible();
    await bobPage.getByTestId('policy-approvers').fill('bob');
    await bobPage.getByTestId('policy-save').click();
    await expect(bobPage.getByTestId('policy-error')).toContainText('"bob" is not KIND:NAME');
    await bobPage.getByTestId('policy-approvers').fill('');
    await bobPage.getByTestId('policy-save').click();
    await expect(bobPage.getByTestId('policy-error')).toContainText('Choose the environment');
    await bobPage.getByTestId('policy-environment').selectOption('sandbox');
    await bobPage.getByTestId('policy-save').click();
    const policyRow = bobPage.locator('[data-testid="approval-policy-row"][data-scope="sandbox"]');
    await expect(policyRow).toContainText('deploy');
    await expect(policyRow).toContainText('anyone with approval:decide');
    await scanInBothThemes(bobPage, 'approvals: policies', a11y);

    // Ann deploys from the planner: the deploy is refused with approval_pending and the wizard says it waits.
    const annPage = await signedInPage(browser, server, pageErrors, 'ann', ann.password, contexts);
    await annPage.goto(`/#/planner/${topology.body.id}`);
    await expect(annPage.getByTestId('planner-node')).toHaveCount(1);
    await annPage.getByTestId('toolbar-deploy').click();
    const wizard = annPage.getByTestId('deploy-wizard-dialog');
    await expect(wizard.getByRole('radio', { name: /sandbox/ })).toBeChecked();
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'true');
    await wizard.getByTestId('deploy-next').click();
    await expect(wizard.getByTestId('preview-summary')).toBeVisible({ timeout: 120_000 });
    await wizard.getByTestId('deploy-next').click();
    await wizard.getByTestId('deploy-confirm').click();
    const awaiting = wizard.getByTestId('awaiting-approval');
    await expect(awaiting).toHaveAttribute('data-status', 'pending');
    await expect(awaiting).toContainText('awaits approval');
    await expect(awaiting).toContainText('0 of 1');
    await expect(wizard.getByTestId('deploy-start-error')).toHaveCount(0);
    const href = await awaiting.getByTestId('awaiting-approval-link').getAttribute('href');
    const requestId = decodeURIComponent(/^#\/approvals\/(.+)$/.exec(href ?? '')?.[1] ?? '');
    expect(requestId).not.toBe('');

    // In another tab, Ann sees her request but may not approve it herself.
    const annInbox = await annPage.context().newPage();
    await annInbox.goto(`/#/approvals/${requestId}`);
    const annDetail = annInbox.getByTestId('approval-detail');
    await expect(annDetail).toHaveAttribute('data-status', 'pending');
    await expect(annInbox.getByTestId('approval-approve')).toBeDisabled();
    await expect(annInbox.getByTestId('approval-approve')).toHaveAttribute('data-blocked-reason', /another approver/);
    await expect(annInbox.getByTestId('nav-approvals-badge')).toHaveCount(0);
    await expect(annDetail.getByTestId('approval-requester')).toContainText('you (ann)');

    // Bob sees it in his inbox (with the badge), with the plan, and approves it with a comment.
    await bobPage.getByTestId('approvals-tab-pending').click();
    await expect(bobPage.getByTestId('nav-approvals-badge')).toContainText('1', { timeout: 20_000 });
    const item = bobPage.locator(`[data-testid="approval-item"][data-id="${requestId}"]`);
    await expect(item).toContainText('deploy');
    await expect(item).toContainText('store');
    await item.click();
    const detail = bobPage.getByTestId('approval-detail');
    await expect(detail.getByTestId('approval-count')).toHaveText('0 of 1');
    await expect(detail.getByTestId('approval-requester')).toContainText('ann');
    await expect(detail.getByTestId('approval-plan-table')).toContainText('size_mb');
    await expect(detail.getByTestId('approval-plan-table')).toContainText('store-disk');
    await expect(detail.getByTestId('approval-plan-hash')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(detail.getByTestId('approval-diff')).toBeVisible();
    await scanInBothThemes(bobPage, 'approvals: a pending request', a11y);
    // A rejection needs a comment first.
    await detail.getByTestId('approval-reject').click();
    await expect(detail.getByTestId('approval-comment-required')).toBeVisible();
    await expect(bobPage.getByTestId('confirm-dialog')).toHaveCount(0);
    await detail.getByTestId('approval-comment').fill('Looks right: one small disk.');
    await detail.getByTestId('approval-comment').press('Control+Enter');
    await expect(detail).toHaveAttribute('data-status', 'approved');
    await expect(detail.getByTestId('approval-decisions')).toContainText('Looks right: one small disk.');
    await expect(bobPage.getByTestId('nav-approvals-badge')).toHaveCount(0);

    // Ann sees the decision without reloading: the inbox tab shows it approved, and the wizard follows the job.
    // The server pushes approval events over the WebSocket; the app then reads only every half minute,
    // so seeing it within ten seconds means the push arrived.
    await expect(annDetail).toHaveAttribute('data-status', 'approved', { timeout: 10_000 });
    await expect(annDetail.getByTestId('approval-decisions')).toContainText('Looks right: one small disk.');
    await expect(annDetail.getByTestId('approval-job')).toBeVisible();
    const steps = wizard.getByTestId('deploy-wizard');
    await expect(steps).toHaveAttribute('data-step', /progress|result/, { timeout: 10_000 });
    await expect(steps).toHaveAttribute('data-step', 'result', { timeout: 150_000 });
    await expect(wizard.getByTestId('deploy-step-result')).toContainText('Succeeded');
    const deployments = await callOverHttp<{ status: string }[]>(server.url, ann.token, 'listDeployments', {});
    expect(deployments.body).toHaveLength(1);

    // An id that names no request (or another tenant's) says so in place.
    await annInbox.goto('/#/approvals/00000000-0000-4000-8000-000000000000');
    await expect(annInbox.getByTestId('approval-detail-error')).toContainText('No such request');

    // Decided requests are listed under Decided.
    await bobPage.getByTestId('approvals-tab-decided').click();
    await expect(bobPage.locator(`[data-testid="approval-item"][data-id="${requestId}"]`)).toHaveAttribute('data-status', 'approved');

    // Bob extends the policy to destroys; Ann's destroy from the Deployments page waits, and says so.
    await bobPage.getByTestId('approvals-tab-policies').click();
    await policyRow.getByRole('button', { name: 'Edit' }).click();
    await bobPage.getByTestId('policy-action-destroy').check();
    await bobPage.getByTestId('policy-operations').fill('heal, Bad_Name');
    await bobPage.getByTestId('policy-save').click();
    await expect(bobPage.getByTestId('policy-error')).toContainText('"Bad_Name" is not an operation name');
    await bobPage.getByTestId('policy-operations').fill('heal');
    await bobPage.getByTestId('policy-save').click();
    await expect(policyRow).toContainText('deploy, destroy, day2:heal');
    // Editing it again shows the operation in its own field, not lost among the checkboxes.
    await policyRow.getByRole('button', { name: 'Edit' }).click();
    await expect(bobPage.getByTestId('policy-operations')).toHaveValue('heal');
    await annPage.getByTestId('deploy-done').click();
    await annPage.getByTestId('nav-deployments').click();
    await annPage
      .locator('[data-testid="deployed-topology"][data-environment="sandbox"][data-topology="store"]')
      .getByTestId('destroy-topology')
      .click();
    await annPage.getByTestId('destroy-dialog').getByTestId('destroy-accept').click();
    const notice = annPage.getByTestId('toast').filter({ hasText: 'awaits approval' });
    await expect(notice).toBeVisible();
    const destroyHref = await notice.getByTestId('toast-link').getAttribute('href');
    const destroyId = decodeURIComponent(/^#\/approvals\/(.+)$/.exec(destroyHref ?? '')?.[1] ?? '');
    expect(destroyId).not.toBe(requestId);
    await notice.getByTestId('toast-link').click();
    await expect(annPage.getByTestId('approval-detail')).toHaveAttribute('data-status', 'pending');

    // Bob rejects it: a comment is needed, and a confirmation; Ann sees the rejection and why, live.
    await bobPage.getByTestId('approvals-tab-pending').click();
    await bobPage.locator(`[data-testid="approval-item"][data-id="${destroyId}"]`).click();
    await expect(detail.getByTestId('approval-plan-table')).toContainText('local-storage@1');
    await detail.getByTestId('approval-comment').fill('Keep it until Friday.');
    await detail.getByTestId('approval-reject').click();
    const confirmReject = bobPage.getByTestId('confirm-dialog');
    await expect(confirmReject).toContainText('never runs');
    await confirmReject.getByTestId('confirm-accept').click();
    await expect(detail).toHaveAttribute('data-status', 'rejected');
    await expect(annPage.getByTestId('approval-detail')).toHaveAttribute('data-status', 'rejected', { timeout: 10_000 });
    await expect(annPage.getByTestId('approval-decisions')).toContainText('Keep it until Friday.');
    expect((await callOverHttp<unknown[]>(server.url, ann.token, 'listDeployments', {})).body).toHaveLength(1);

    expectNoViolations(a11y);
  } finally {
    for (const context of contexts) await context.close();
    await stopSharedServer(server);
    expect(sharedServerLeftovers(server)).toEqual([]);
  }
});
