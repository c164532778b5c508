import { Tabs } from '@mantine/core';
import { IconCalendar, IconChecklist, IconTable, IconTool, IconWorldWww } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageTitle } from '../../components/PageTitle';
import { NotFoundPage } from '../NotFoundPage';
import { CatalogueTab } from './CatalogueTab';
import { CalendarsTab } from './calendars/CalendarsTab';
import { DataTablesTab } from './data/DataTablesTab';
import { HttpToolsTab } from './http/HttpToolsTab';
import { TasksTab } from './tasks/TasksTab';

const TABS = [
  { value: 'catalogue', icon: IconTool, Panel: CatalogueTab },
  { value: 'http', icon: IconWorldWww, Panel: HttpToolsTab },
  { value: 'data', icon: IconTable, Panel: DataTablesTab },
  { value: 'calendars', icon: IconCalendar, Panel: CalendarsTab },
  { value: 'tasks', icon: IconChecklist, Panel: TasksTab },
] as const;

/** `/tools` and `/tools/{tab}`: the tool catalogue, HTTP tools, data tables, calendars and tasks, one tab each. */
export function ToolsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab = 'catalogue' } = useParams();
  const current = TABS.find((x) => x.value === tab);
  if (!current) return <NotFoundPage />;
  return (
    <>
      <PageTitle>{t('tools.title')}</PageTitle>
      <Tabs value={tab} onChange={(v) => v && navigate(v === 'catalogue' ? '/tools' : `/tools/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map(({ value, icon: Icon }) => (
            <Tabs.Tab key={value} value={value} leftSection={<Icon size={16} aria-hidden />}>{t(`tools.tab.${value}`)}</Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value}>
            {value === tab && <Panel />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
