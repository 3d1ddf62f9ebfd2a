import type { ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { AuditPage } from './features/admin/audit/AuditPage';
import { DepartmentsPage } from './features/admin/departments/DepartmentsPage';
import { UsersPage } from './features/admin/users/UsersPage';
import { LoginPage } from './features/auth/LoginPage';
import { RequireSession } from './features/auth/RequireSession';
import { CustomerProfilePage } from './features/customers/CustomerProfilePage';
import { CustomersPage } from './features/customers/CustomersPage';
import { HomePage } from './features/home/HomePage';
import { AppLayout } from './features/layout/AppLayout';
import { NotFoundPage } from './features/layout/NotFoundPage';

const adminOnly = (page: ReactNode) => <RequireSession roles={['admin']}>{page}</RequireSession>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:id', element: <CustomerProfilePage /> },
      { path: 'admin/users', element: adminOnly(<UsersPage />) },
      { path: 'admin/departments', element: adminOnly(<DepartmentsPage />) },
      { path: 'admin/audit', element: adminOnly(<AuditPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
