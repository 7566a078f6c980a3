import { Link } from '@backstage/core-components';
import { Box, Grid, Typography, makeStyles } from '@material-ui/core';
import AddCircleOutlineIcon from '@material-ui/icons/AddCircleOutline';
import StorageIcon from '@material-ui/icons/Storage';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import CategoryIcon from '@material-ui/icons/Category';
import { ReactElement } from 'react';

/** A link a first-time user is most likely to need, with one line on why. */
export type Shortcut = {
  title: string;
  description: string;
  url: string;
  icon?: string;
};

const ICONS: Record<string, ReactElement> = {
  create: <AddCircleOutlineIcon fontSize="large" />,
  database: <StorageIcon fontSize="large" />,
  docs: <MenuBookIcon fontSize="large" />,
  catalog: <CategoryIcon fontSize="large" />,
};

const useStyles = makeStyles(theme => ({
  tile: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'flex-start',
    padding: theme.spacing(2),
    height: '100%',
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    color: theme.palette.text.primary,
    '&:hover': {
      borderColor: theme.palette.primary.main,
      textDecoration: 'none',
    },
  },
  icon: { color: theme.palette.primary.main },
}));

export function Shortcuts(props: { shortcuts: Shortcut[] }) {
  const classes = useStyles();
  return (
    <Grid container spacing={2}>
      {props.shortcuts.map(shortcut => (
        <Grid item xs={12} sm={6} key={shortcut.url}>
          <Link to={shortcut.url} className={classes.tile}>
            <Box className={classes.icon}>
              {ICONS[shortcut.icon ?? ''] ?? ICONS.catalog}
            </Box>
            <Box>
              <Typography variant="h6" component="span">
                {shortcut.title}
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {shortcut.description}
              </Typography>
            </Box>
          </Link>
        </Grid>
      ))}
    </Grid>
  );
}
