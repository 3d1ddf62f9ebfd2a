import { createBrowserRouter, Outlet } from 'react-router';
import { LoginPage } from './features/auth/LoginPage';
import { RequireSession } from './features/auth/RequireSession';
import { CustomerProfilePage } from './features/customers/CustomerProfilePage';
import { CustomersPage } from './features/customers/CustomersPage';
import { HomePage } from './features/home/HomePage';
import { AppLayout } from './features/layout/AppLayout';
import { NotFoundPage } from './features/layout/NotFoundPage';
import { PageLoader } from './features/layout/PageLoader';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Public pages of the channels: complaint form, case status, branch kiosk and display, call page (no sign-in).
  { path: '/f/:key', HydrateFallback: PageLoader, lazy: () => import('./features/kiosk/FormPage').then((m) => ({ Component: m.FormPage })) },
  { path: '/status/:token', HydrateFallback: PageLoader, lazy: () => import('./features/kiosk/StatusPage').then((m) => ({ Component: m.StatusPage })) },
  { path: '/kiosk/:key', HydrateFallback: PageLoader, lazy: () => import('./features/kiosk/KioskPage').then((m) => ({ Component: m.KioskPage })) },
  { path: '/display/:key', HydrateFallback: PageLoader, lazy: () => import('./features/kiosk/DisplayPage').then((m) => ({ Component: m.DisplayPage })) },
  { path: '/call/:key', HydrateFallback: PageLoader, lazy: () => import('./features/voice/CallPage').then((m) => ({ Component: m.CallPage })) },
  { path: '/survey/:token', HydrateFallback: PageLoader, lazy: () => import('./features/reports/survey/SurveyPage').then((m) => ({ Component: m.SurveyPage })) },
  {
    path: '/',
    HydrateFallback: PageLoader,
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:id', element: <CustomerProfilePage /> },
      { path: 'branch', lazy: () => import('./features/kiosk/BranchDeskPage').then((m) => ({ Component: m.BranchDeskPage })) },
      { path: 'desktop/:id?', lazy: () => import('./features/desktop/DesktopPage').then((m) => ({ Component: m.DesktopPage })) },
      { path: 'interactions/:id', lazy: () => import('./features/desktop/DesktopPage').then((m) => ({ Component: m.DesktopPage })) },
      {
        // Administration is loaded on demand: most people signing in never open it.
        path: 'admin',
        HydrateFallback: PageLoader,
        element: (
          <RequireSession roles={['admin']}>
            <Outlet />
          </RequireSession>
        ),
        children: [
          { path: 'users', lazy: () => import('./features/admin/users/UsersPage').then((m) => ({ Component: m.UsersPage })) },
          {
            path: 'departments',
            lazy: () => import('./features/admin/departments/DepartmentsPage').then((m) => ({ Component: m.DepartmentsPage })),
          },
          { path: 'queues', lazy: () => import('./features/admin/queues/QueuesPage').then((m) => ({ Component: m.QueuesPage })) },
          { path: 'channels', lazy: () => import('./features/admin/channels/ChannelsPage').then((m) => ({ Component: m.ChannelsPage })) },
          {
            path: 'reason-codes',
            lazy: () => import('./features/admin/reason-codes/ReasonCodesPage').then((m) => ({ Component: m.ReasonCodesPage })),
          },
          {
            path: 'saved-answers',
            lazy: () => import('./features/admin/saved-answers/SavedAnswersPage').then((m) => ({ Component: m.SavedAnswersPage })),
          },
          { path: 'scripts', lazy: () => import('./features/admin/scripts/ScriptsPage').then((m) => ({ Component: m.ScriptsPage })) },
          {
            path: 'dispositions',
            lazy: () => import('./features/admin/dispositions/DispositionsPage').then((m) => ({ Component: m.DispositionsPage })),
          },
          { path: 'surveys', lazy: () => import('./features/admin/surveys/SurveyRulesPage').then((m) => ({ Component: m.SurveyRulesPage })) },
          { path: 'audit', lazy: () => import('./features/admin/audit/AuditPage').then((m) => ({ Component: m.AuditPage })) },
        ],
      },
      {
        path: 'supervisor',
        HydrateFallback: PageLoader,
        element: (
          <RequireSession roles={['supervisor', 'admin']}>
            <Outlet />
          </RequireSession>
        ),
        children: [
          {
            path: 'queues',
            lazy: () => import('./features/supervisor/QueuesAgentsPage').then((m) => ({ Component: m.QueuesAgentsPage })),
          },
          { path: 'escalations', lazy: () => import('./features/desktop/EscalationsPage').then((m) => ({ Component: m.EscalationsPage })) },
          { path: 'wallboard', lazy: () => import('./features/wallboard/WallboardPage').then((m) => ({ Component: m.WallboardPage })) },
        ],
      },
      {
        path: 'reports',
        HydrateFallback: PageLoader,
        element: (
          <RequireSession roles={['supervisor', 'admin']}>
            <Outlet />
          </RequireSession>
        ),
        children: [
          { index: true, lazy: () => import('./features/reports/ReportsPage').then((m) => ({ Component: m.ReportsPage })) },
          { path: 'reasons', lazy: () => import('./features/reports/ReasonsPage').then((m) => ({ Component: m.ReasonsPage })) },
        ],
      },
      { path: 'scorecard', lazy: () => import('./features/reports/ScorecardPage').then((m) => ({ Component: m.ScorecardPage })) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
